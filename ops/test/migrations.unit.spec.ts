import { describe, expect, it } from "vitest";
import { SERVICES } from "../src/config.check";
import { destructiveStatements, serviceMigrations } from "../src/migrations.check";

describe("destructive migrations", () => {
  it("finds drops, renames, type changes, new NOT NULLs and truncates", () => {
    const cases: [string, RegExp][] = [
      ["drop table pitch.views;", /drops a table/],
      ["alter table pitch.pitches drop column logline;", /drops a column/],
      ["ALTER TABLE pitch.pitches DROP logline, ADD COLUMN x int;", /drops a column/],
      ["alter table auth.users rename column name to full_name;", /renames/],
      ["alter table auth.users rename to people;", /renames/],
      ["alter table auth.users alter column name type varchar(50);", /type/],
      ["alter table auth.users alter column company_name set not null;", /NOT NULL/],
      ["truncate investor.ledger;", /truncates/],
    ];
    for (const [sql, why] of cases) expect(destructiveStatements(sql).join(), sql).toMatch(why);
  });

  it("lets expand-only changes, comments and strings through", () => {
    for (const sql of [
      "create table x (id int); alter table x add column y text;",
      "alter table x alter column y drop not null; alter table x alter column y drop default; alter table x drop constraint x_y_check;",
      "-- we will drop table x later\ncomment on table x is 'drop table x';",
      "create index if not exists x_idx on x (y);",
    ])
      expect(destructiveStatements(sql), sql).toEqual([]);
  });

  it("takes a reviewed contract step marked in the file", () => {
    expect(destructiveStatements("-- pitchey: allow-destructive: no version reads logline since 2026-11\nalter table p drop column logline;")).toEqual([]);
  });

  it("finds none in the migrations of the repository", () => {
    for (const s of SERVICES) for (const m of serviceMigrations(s)) expect(destructiveStatements(m.sql), `${s}/${m.name}`).toEqual([]);
  });
});
