// One colour per SLA status, the same on every chart and chip (views/static/app.css holds the
// chips' copy of these). Chosen to stay distinct for the common colour-vision deficiencies and
// in greyscale print, where the order is kept: on time lightest, late darkest.

export const STATUS_COLOURS: Record<string, string> = {
  on_time: "#1b7f3b",
  late: "#b3261e",
  open: "#2f6db5",
  at_risk: "#d97706",
  open_late: "#7a1d1d",
  no_standard: "#8a8a8a",
  not_measurable: "#b0b0b0",
};

export const OWNER_COLOURS: Record<string, string> = {
  office: "#2f6db5",
  sector_agency: "#8e5bb5",
  applicant: "#8a8a8a",
};
