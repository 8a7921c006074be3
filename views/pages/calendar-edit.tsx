import { WEEKDAYS } from "../../src/calendar/schema.ts";
import type { FormErrors, FormValues } from "../../src/web/form.ts";
import { CsrfField, Field, FieldMessages } from "../components/form.tsx";
import { Layout, type PageContext } from "../layout.tsx";

export interface CalendarEditProps {
  ctx: PageContext;
  office: { slug: string; name: string };
  values: FormValues;
  errors: FormErrors;
  latestVersion: number;
}

export function CalendarEditPage({ ctx, office, values, errors, latestVersion }: CalendarEditProps) {
  const { t } = ctx;
  const periodCount = Number(values.period_count ?? "1");
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={`${t("editCalendar")} · ${office.name}`}>
      <p class="muted">
        <a href="/sop">{t("catalogueTitle")}</a> › <a href={`/kantor/${office.slug}/kalender`}>{t("calendar")} · {office.name}</a>
      </p>
      <h1>{t("editCalendar")}</h1>
      <p class="muted">{t("editCalendarIntro", { n: latestVersion + 1 })}</p>
      {hasErrors && (
        <p class="warning" role="alert">
          {t("formHasErrors")}
        </p>
      )}
      <form method="post" action={`/kantor/${office.slug}/kalender/ubah`} class="calendar-form">
        <CsrfField ctx={ctx} />
        <section class="card">
          <h2>{t("versionDetails")}</h2>
          <div class="grid">
            <Field label={t("effectiveFrom")} name="valid_from" type="date" values={values} errors={errors} required hint={t("validFromHint")} />
            <Field label={t("changeNote")} name="note" values={values} errors={errors} hint={t("changeNoteHint")} />
          </div>
        </section>
        <section class="card">
          <h2>{t("settings")}</h2>
          <div class="grid">
            <Field label={t("name")} name="name" values={values} errors={errors} required />
            <Field label={t("timezone")} name="timezone" values={values} errors={errors} required hint="Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)" />
            <label class="field">
              <span>{t("dayRule")}</span>
              <select name="day_rule">
                <option value="clock" selected={values.day_rule !== "hours"}>
                  {t("dayRuleClock")}
                </option>
                <option value="hours" selected={values.day_rule === "hours"}>
                  {t("dayRuleHoursShort")}
                </option>
              </select>
            </label>
            <Field label={t("dayLength")} name="day_length_hours" values={values} errors={errors} />
          </div>
        </section>
        <section class="card">
          <h2>{t("weeklyHours")}</h2>
          <p class="muted">{t("hoursHint")}</p>
          <div class="grid">
            {WEEKDAYS.map((d) => (
              <Field label={t(d)} name={`weekly_${d}`} values={values} errors={errors} />
            ))}
          </div>
        </section>
        <section class="card">
          <h2>{t("periods")}</h2>
          <input type="hidden" name="period_count" value={String(periodCount)} />
          {Array.from({ length: periodCount }, (_, i) => (
            <fieldset class="period">
              <legend>{values[`period_${i}_name`] ? values[`period_${i}_name`] : t("newPeriod")}</legend>
              <div class="grid">
                <Field label={t("name")} name={`period_${i}_name`} values={values} errors={errors} />
                <Field label={t("from")} name={`period_${i}_from`} type="date" values={values} errors={errors} />
                <Field label={t("to")} name={`period_${i}_to`} type="date" values={values} errors={errors} />
                {WEEKDAYS.map((d) => (
                  <Field label={t(d)} name={`period_${i}_${d}`} values={values} errors={errors} />
                ))}
              </div>
              {values[`period_${i}_name`] && (
                <label class="check">
                  <input type="checkbox" name={`period_${i}_remove`} value="1" checked={values[`period_${i}_remove`] === "1"} /> {t("removePeriod")}
                </label>
              )}
            </fieldset>
          ))}
        </section>
        <section class="card">
          <h2>{t("holidays")}</h2>
          <p class="muted">{t("holidaysHint")}</p>
          <label class={errors.holidays ? "field invalid" : "field"}>
            <span>{t("holidays")}</span>
            <textarea name="holidays" rows={16} spellcheck={false} aria-invalid={errors.holidays ? "true" : undefined}>
              {values.holidays ?? ""}
            </textarea>
            <FieldMessages errors={errors} field="holidays" />
          </label>
        </section>
        <p>
          <button type="submit">{t("saveNewVersion")}</button> <a href={`/kantor/${office.slug}/kalender`}>{t("cancel")}</a>
        </p>
      </form>
    </Layout>
  );
}
