import type { Owner, TimeStandard } from "../schema.ts";
import type { SopWarningDetail } from "./warnings.ts";

// Who performs a step, and so who owns its time (DOMAIN.md section 5, rule 4).
//
// The flowchart marks that placed each step in an actor's column are mostly lost in extraction.
// Where a mark is left ("[]", "{ } (Decision)"), its column names the actor. Otherwise the actor is
// read from the step text, by these rules in order:
//   1. the actor that opens a sentence of the text ("Back Office menerima ..."), or the agent after
//      "oleh" ("Proses cetak perizinan oleh Back Office"), in the first sentence that has either;
//   2. an activity only the applicant does (collecting the permit, filling in the SKM survey);
//   3. otherwise none, with a warning.
// A subject that only forwards the file ("Back Office meneruskan permohonan ke Tim teknis OPD") in a
// step counted in days does not own those days: forwarding takes minutes, so the days are the
// recipient's work (the Tim Teknis review). Such a step goes to the recipient, with a warning.

// Canonical actor names and how documents write them.
const LEXICON: ReadonlyArray<readonly [string, string]> = [
  ["Pemohon", String.raw`pemohon|pelaku\s+usaha`],
  ["Back Office", String.raw`(?:petugas\s+)?(?:back\s*office|bo)`],
  [
    "Front Office",
    String.raw`(?:petugas\s+)?(?:front\s*office|fo|loket|desk)|petugas(?:\s+(?:desk|loket|pelayanan|penerima(?:an)?))?`,
  ],
  ["Tim Teknis OPD", String.raw`tim\s+teknis(?:\s+opd)?|opd\s+teknis|dinas\s+teknis|opd`],
  ["Kepala Dinas", String.raw`kepala\s+dinas|kadis|kadin`],
  ["Sekretaris", String.raw`sekretaris(?:\s+dinas)?|sekdis`],
  ["JF Analis Kebijakan Ahli Muda", String.raw`(?:jf\s+|jabatan\s+fungsional\s+)?analis\s+kebijakan\s+ahli\s+muda`],
  ["JF Analis Kebijakan Ahli Madya", String.raw`(?:jf\s+|jabatan\s+fungsional\s+)?analis\s+kebijakan\s+ahli\s+madya`],
  ["Penata Perizinan Ahli Muda", String.raw`(?:jf\s+)?penata\s+perizinan\s+ahli\s+muda`],
  ["Penata Perizinan Ahli Madya", String.raw`(?:jf\s+)?penata\s+perizinan\s+ahli\s+madya`],
  ["Sub Koordinator Perizinan", String.raw`sub\s*koordinator(?:\s+perizinan)?`],
  ["Koordinator Perizinan", String.raw`koordinator(?:\s+perizinan)?`],
  ["Kepala Bidang", String.raw`kepala\s+bidang|kabid`],
  ["Kepala Seksi", String.raw`kepala\s+seksi|kasi`],
];

const ACTORS = LEXICON.map(([name, source]) => ({
  name,
  at: new RegExp(`(?:${source})(?!\\p{L})`, "iuy"),
  within: new RegExp(`(?<!\\p{L})(?:${source})(?!\\p{L})`, "iu"),
}));

const FORWARDING = new RegExp(
  String.raw`^\s+(?:(?:akan|segera|kemudian|lalu|selanjutnya)\s+)*` +
    String.raw`(?:men[eu]?r?[ue]skan|diteruskan|mengirim(?:kan)?|dikirim(?:kan)?|menyampaikan|disampaikan|` +
    String.raw`melanjutkan|dilanjutkan|mendisposisikan|didisposisikan|melimpahkan|dilimpahkan)(?!\p{L})`,
  "iu",
);
const RECIPIENT = /(?<!\p{L})(?:ke|kepada)\s+/giu;
const AGENT = /(?<!\p{L})oleh\s+/giu;
const APPLICANT_ACTIVITY =
  /(?:pengisian|mengisi)\s+(?:skm|survei)|survei\s+kepuasan|(?:pengambilan|mengambil)\s+(?:berkas|dokumen|izin|sk|surat)|membawa\s+bukti|^(?:mengajukan|pengajuan)\s+permohonan/iu;
const LIST_MARKER = /^(?:[-–•*]\s*|\d+[.)]\s+|[a-z][.)]\s+)/i;

interface Match {
  name: string;
  end: number;
}

/** The actor written at `index` of `text`, the longest spelling that fits. */
function actorAt(text: string, index: number): Match | null {
  let best: Match | null = null;
  for (const a of ACTORS) {
    a.at.lastIndex = index;
    const m = a.at.exec(text);
    if (m && (best === null || index + m[0].length > best.end)) best = { name: a.name, end: index + m[0].length };
  }
  return best;
}

function firstActorAfter(sentence: string, re: RegExp, from = 0): string | null {
  re.lastIndex = from;
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    const found = actorAt(sentence, m.index + m[0].length);
    if (found) return found.name;
  }
  return null;
}

export function ownerOf(actor: string): Owner {
  if (/pemohon|pelaku\s+usaha/i.test(actor)) return "applicant";
  if (/tim\s+teknis|(?<!\p{L})opd(?!\p{L})|(?:dinas|instansi)\s+teknis|(?<!\p{L})dinas\s+(?!penanaman|pmptsp|dpmptsp)\p{L}/iu.test(actor)) {
    return "sector_agency";
  }
  return "office";
}

/**
 * The header's spelling of an actor where it says more than the canonical name ("Loket FO dan BO",
 * "Bidang ... (KASI dan KABID)"); abbreviations in the header ("Kadis") give way to the full name.
 */
function spelledAsHeader(name: string, headerActors: string[]): string {
  const pattern = ACTORS.find((a) => a.name === name)?.within;
  if (!pattern) return name;
  const matching = headerActors.filter((h) => pattern.test(h));
  if (matching.some((h) => h.toLowerCase() === name.toLowerCase())) return name;
  const longer = matching.filter((h) => h.length > name.length);
  return longer.length === 1 ? longer[0]! : name;
}

export interface StepForActor {
  description: string;
  waktu: string | null;
  standard: TimeStandard | null;
  markedActors: string[];
  shift: number;
}

type ActorWarningCode =
  | "actorSeveralMarks"
  | "actorMarkShifted"
  | "actorSeveralMarksShifted"
  | "actorMixedOwners"
  | "actorForwards"
  | "actorForwardsMixedOwners"
  | "actorNone";

/** What to check about the actor: the English message, and its code and parameters. */
export type ActorWarning = SopWarningDetail<ActorWarningCode> & { message: string };

export interface ActorInference {
  actor: string | null;
  owner: Owner | null;
  warning: ActorWarning | null;
}

const inferred = (actor: string | null, warning: ActorWarning | null = null): ActorInference => ({
  actor,
  owner: actor === null ? null : ownerOf(actor),
  warning,
});

function fromMarks(step: StepForActor): ActorInference {
  const [first, ...others] = step.markedActors;
  const actor = first ?? "";
  const actors = step.markedActors.join(", ");
  const several = `marks under several actor columns (${actors}); took ${actor}`;
  const shifted = `the row's cells are shifted, so the marked column (${actor}) may be off`;
  const warning: ActorWarning | null =
    others.length > 0 && step.shift !== 0
      ? { code: "actorSeveralMarksShifted", params: { actors, actor }, message: `${several}; ${shifted}` }
      : others.length > 0
        ? { code: "actorSeveralMarks", params: { actors, actor }, message: several }
        : step.shift !== 0
          ? { code: "actorMarkShifted", params: { actor }, message: shifted }
          : null;
  return inferred(first ?? null, warning);
}

export function inferActor(step: StepForActor, headerActors: string[]): ActorInference {
  if (step.markedActors.length > 0) return fromMarks(step);

  const sentences = step.description.split(/(?<=[.;!?])\s+/).map((s) => s.replace(LIST_MARKER, ""));
  const subjects = sentences.map((s) => actorAt(s, 0));
  const spell = (name: string): string => spelledAsHeader(name, headerActors);

  for (const [i, sentence] of sentences.entries()) {
    const subject = subjects[i];
    if (subject) {
      const differing = [...new Set(subjects.flatMap((s) => (s ? [s.name] : [])))].filter((n) => ownerOf(n) !== ownerOf(subject.name));
      const mixed =
        differing.length > 0
          ? { actors: [subject.name, ...differing].join(", "), actor: subject.name }
          : null;
      const mixedText = mixed ? `the text names actors with different owners (${mixed.actors}); took ${mixed.actor}, the first` : "";
      const recipient = FORWARDING.test(sentence.slice(subject.end)) ? firstActorAfter(sentence, RECIPIENT, subject.end) : null;
      if (recipient && step.standard?.unit === "day") {
        const forwards = { subject: subject.name, waktu: step.waktu ?? "", recipient: spell(recipient) };
        const note = `${forwards.subject} only forwards the file, which takes no days: the ${step.waktu} are taken as ${forwards.recipient}'s work (check)`;
        return inferred(
          forwards.recipient,
          mixed
            ? { code: "actorForwardsMixedOwners", params: { ...forwards, ...mixed }, message: `${note}; ${mixedText}` }
            : { code: "actorForwards", params: forwards, message: note },
        );
      }
      return inferred(spell(subject.name), mixed ? { code: "actorMixedOwners", params: mixed, message: mixedText } : null);
    }
    const agent = firstActorAfter(sentence, AGENT);
    if (agent) return inferred(spell(agent));
  }
  if (APPLICANT_ACTIVITY.test(step.description)) return inferred(spell("Pemohon"));
  return inferred(null, {
    code: "actorNone",
    params: {},
    message: 'no actor named at the start of the text or after "oleh", and no flowchart mark: set it by hand',
  });
}
