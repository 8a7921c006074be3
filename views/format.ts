// Dates and numbers for pages: the pure formatters of src/text/format.ts.
export * from "../src/text/format.ts";
