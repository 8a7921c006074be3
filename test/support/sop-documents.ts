// The five source SOP documents (copied from the workplace's shared/sop-documents so that a
// clone anywhere has them), for the tests that compare the parser and the seeds with them.
export const SOP_DOCUMENTS = new URL("../fixtures/sop-documents/", import.meta.url);
