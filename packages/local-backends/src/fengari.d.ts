// fengari ships no types; the Lua C API it mirrors is documented in the Lua 5.3 manual.
declare module "fengari" {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const fengari: any;
  export default fengari;
}
