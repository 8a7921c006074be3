/**
 * Something in an SOP document a person should check. `field` is the path of the value concerned in
 * the parsed SOP ("steps[3].waktu", "statedTotal", "effectiveFrom"); step indexes count from 0, while
 * messages name steps by their number in the document.
 */
export interface SopWarning {
  field: string;
  message: string;
}
