import type { Child } from "hono/jsx";
import { CSRF_FIELD } from "../../src/auth/csrf.ts";
import type { FormErrors, FormValues } from "../../src/web/form.ts";
import type { PageContext } from "../layout.tsx";

/**
 * The session's CSRF token (src/auth/csrf.ts): the FIRST child of every post form, as the check
 * reads only a form's first field (an upload's file parts are never held to find it).
 */
export function CsrfField({ ctx }: { ctx: PageContext }) {
  return ctx.csrf ? <input type="hidden" name={CSRF_FIELD} value={ctx.csrf} /> : null;
}

/** Messages under a field: errors block saving; warnings are the parser asking for a second look. */
export function FieldMessages({ errors, warnings, field }: { errors: FormErrors; warnings?: FormErrors; field: string }) {
  const e = errors[field] ?? [];
  const w = warnings?.[field] ?? [];
  if (e.length + w.length === 0) return null;
  return (
    <ul class="field-errors" id={`err-${field}`}>
      {e.map((m) => (
        <li>{m}</li>
      ))}
      {w.map((m) => (
        <li class="field-warning">{m}</li>
      ))}
    </ul>
  );
}

export interface FieldProps {
  label: string;
  name: string;
  values: FormValues;
  errors: FormErrors;
  warnings?: FormErrors;
  type?: string;
  hint?: string;
  required?: boolean;
  multiline?: number;
  placeholder?: string;
  autocomplete?: string;
}

export function Field(p: FieldProps) {
  const invalid = p.errors[p.name] !== undefined;
  const warned = p.warnings?.[p.name] !== undefined;
  const described = invalid || warned ? `err-${p.name}` : undefined;
  return (
    <label class={`field${invalid ? " invalid" : ""}${warned ? " warned" : ""}`}>
      <span>{p.label}</span>
      {p.multiline ? (
        <textarea name={p.name} rows={p.multiline} required={p.required} placeholder={p.placeholder} aria-invalid={invalid ? "true" : undefined} aria-describedby={described}>
          {p.values[p.name] ?? ""}
        </textarea>
      ) : (
        <input
          type={p.type ?? "text"}
          name={p.name}
          value={p.values[p.name] ?? ""}
          required={p.required}
          placeholder={p.placeholder}
          autocomplete={p.autocomplete}
          aria-invalid={invalid ? "true" : undefined}
          aria-describedby={described}
        />
      )}
      {p.hint && <small class="muted">{p.hint}</small>}
      <FieldMessages errors={p.errors} warnings={p.warnings} field={p.name} />
    </label>
  );
}

/** A filter's drop-down: "all" (empty value) first, then the choices, the chosen one selected. */
export function ChoiceField({ label, name, all, choices, chosen }: { label: string; name: string; all: string; choices: ReadonlyArray<readonly [string, string]>; chosen: string | undefined }) {
  return (
    <label class="field">
      <span>{label}</span>
      <select name={name}>
        <option value="">{all}</option>
        {choices.map(([value, text]) => (
          <option value={value} selected={value === chosen}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A button that posts to `action` (an action on a row: revoke, send a test, make again); `children` are its hidden fields. */
export function PostButton({ ctx, action, label, children }: { ctx: PageContext; action: string; label: string; children?: Child }) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField ctx={ctx} />
      {children}
      <button type="submit" class="secondary">
        {label}
      </button>
    </form>
  );
}
