// A real dynamic import(), kept in a plain CommonJS file: when pipegen runs from its TypeScript sources under a
// test runner, the runner rewrites import() in the files it transforms, and users' modules must be loaded by
// Node itself (through the loader's hooks), not by the runner.
"use strict";
module.exports = (url) => import(url);
