// Test-only: validates FHIR R4 JSON with FHIR.js (the npm package "fhir"), which ships the R4
// structure definitions and value sets, so nothing is fetched. Reads one JSON resource per line
// on stdin and answers each with one line: {"valid": bool, "messages": [...]}. One process serves
// a whole test session, so the profiles are loaded once.
"use strict";
const readline = require("readline");
const { Fhir } = require("fhir");

const fhir = new Fhir();
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
    let result;
    try {
        // errorOnUnexpected: a property FHIR R4 does not define is an error, not only a warning.
        result = fhir.validate(JSON.parse(line), { errorOnUnexpected: true });
    } catch (error) {
        result = { valid: false, messages: [{ severity: "fatal", location: "", message: String(error) }] };
    }
    process.stdout.write(JSON.stringify(result) + "\n");
});
