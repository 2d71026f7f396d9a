// Deterministic tests: one time zone everywhere (STYLE.md, habit 7).
process.env.TZ = 'UTC';
