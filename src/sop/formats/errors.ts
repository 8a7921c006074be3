/** An SOP document file that cannot be read: wrong format, not UTF-8, a broken .xlsx or .docx. */
export class SopDocumentError extends Error {}
