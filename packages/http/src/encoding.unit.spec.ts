import { describe, expect, it } from "vitest";
import { base64urlToBytes, base64urlToText, bytesToBase64url, bytesToHex, sha256, sha256Hex, textToBase64url } from "./encoding";

const bytes = (...b: number[]) => new Uint8Array(b);

describe("base64url", () => {
  it("encodes the RFC 4648 test vectors, unpadded", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "Zg"],
      ["fo", "Zm8"],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg"],
      ["fooba", "Zm9vYmE"],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(textToBase64url(plain)).toBe(encoded);
      expect(base64urlToText(encoded)).toBe(plain);
    }
  });

  it("uses - and _ where base64 has + and /", () => {
    expect(bytesToBase64url(bytes(0xfb, 0xff, 0xbf))).toBe("-_-_");
    expect(bytesToBase64url(bytes(0xfb, 0xff))).toBe("-_8");
    expect([...base64urlToBytes("-_8")]).toEqual([0xfb, 0xff]);
  });

  it("round-trips every byte value and inputs larger than one argument list", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64urlToBytes(bytesToBase64url(all))).toEqual(all);
    const big = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256);
    expect(base64urlToBytes(bytesToBase64url(big))).toEqual(big);
  });

  it("round-trips UTF-8 text", () => {
    const text = 'Ünïcødé 🎬 "quoted" \u0000 end';
    expect(base64urlToText(textToBase64url(text))).toBe(text);
  });

  it("refuses other alphabets, padding, impossible lengths and invalid UTF-8", () => {
    for (const bad of ["Zm9v+g", "Zm9v/g", "Zg==", "Zm9vY", "Zm 9v", "Zm9v\n", "Zé9v"]) expect(() => base64urlToBytes(bad), bad).toThrow(TypeError);
    // Only the canonical form: bits past the last byte must be zero ("Zh" would also decode to "f").
    expect(() => base64urlToBytes("Zh")).toThrow(TypeError);
    expect(() => base64urlToText(bytesToBase64url(bytes(0xff, 0xfe)))).toThrow(TypeError);
  });
});

describe("hex and sha256", () => {
  it("writes two lowercase digits per byte", () => {
    expect(bytesToHex(bytes(0, 1, 0x0f, 0x10, 0xab, 0xff))).toBe("00010f10abff");
    expect(bytesToHex(bytes())).toBe("");
  });

  it("hashes strings as UTF-8 and bytes as they are (FIPS 180-2 vectors)", async () => {
    const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(await sha256Hex("abc")).toBe(abc);
    expect(await sha256Hex(bytes(0x61, 0x62, 0x63))).toBe(abc);
    expect(await sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect((await sha256("abc")).byteLength).toBe(32);
  });
});
