/**
 * `npm run docs`: regenerates the property tables of docs/rules/*.md and the README's rules tables from
 * the bindings and the rules' metadata (scripts/docs/generate.ts). Prints the files it changed.
 */
import { writeGeneratedDocs } from "./docs/generate";

const changed = writeGeneratedDocs();
console.log(changed.length ? `regenerated: ${changed.join(", ")}` : "generated docs already match the bindings");
