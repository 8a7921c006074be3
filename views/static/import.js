// Progressive enhancement of the import form: run the import in the background and show its
// progress. Without JavaScript the form posts normally and the page waits for the result.
const form = document.getElementById("import-form");
const status = document.getElementById("import-progress");
if (form && status && window.fetch) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    const lang = document.documentElement.lang === "en" ? "en" : "id";
    const words = lang === "en"
      ? { start: "Uploading…", reading: "Reading", rows: "rows", storing: "Storing…", evaluating: "Evaluating SLA…", failed: "Import failed" }
      : { start: "Mengunggah…", reading: "Membaca", rows: "baris", storing: "Menyimpan…", evaluating: "Menilai SLA…", failed: "Impor gagal" };
    status.textContent = words.start;
    const fail = (message) => {
      status.textContent = `${words.failed}: ${message}`;
      if (button) button.disabled = false;
    };
    try {
      // The session's CSRF token in its header too: the server then streams the upload untouched.
      const token = form.querySelector("input[name=_csrf]");
      const res = await fetch("/api/v1/imports?async=1", { method: "POST", body: new FormData(form), headers: token ? { "x-csrf-token": token.value } : {} });
      const body = await res.json();
      if (!res.ok) return fail(body.error || res.statusText);
      const poll = async () => {
        const job = await (await fetch(body.status)).json();
        if (job.state === "running") {
          const p = job.progress;
          status.textContent = !p
            ? words.start
            : p.phase !== "reading"
              ? words[p.phase]
              : `${words.reading} ${p.file} (${p.fileIndex + 1}/${p.files}): ${p.rows.toLocaleString(lang === "en" ? "en-GB" : "id-ID")} ${words.rows}`;
          setTimeout(poll, 500);
        } else if (job.state === "succeeded") {
          window.location.href = `/impor/${job.summary.batchId}`;
        } else if (job.batchId) {
          window.location.href = `/impor/${job.batchId}`;
        } else {
          fail(job.error);
        }
      };
      poll();
    } catch (err) {
      fail(String(err));
    }
  });
}
