// The report progress bar: polls the job's JSON (which only its requesters may read) and
// updates the bar, announces each new step through the polite live region, and turns into
// a download link when the report is ready. Without JavaScript the page offers "Check again".

const root = document.getElementById("report-progress");
const url = root && root.dataset.progressUrl;

if (url) {
  const bar = root.querySelector("[role=progressbar]");
  const fill = root.querySelector(".ccpl-progress__fill");
  const status = document.getElementById("report-status");
  const download = document.getElementById("report-download");
  const noJs = root.querySelector(".ccpl-no-js-refresh");
  let lastMessage = status.textContent.trim();
  let delay = 1500;

  const say = (html) => {
    status.replaceChildren();
    status.insertAdjacentHTML("beforeend", html);
  };
  const escape = (text) => {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  };

  if (noJs) noJs.hidden = true;

  const update = (job) => {
    if (bar) {
      bar.setAttribute("aria-valuenow", String(job.progress));
      bar.setAttribute("aria-valuetext", `${job.progress}%: ${job.step}`);
      fill.style.width = `${job.progress}%`;
    }
    // Announce steps, not every percentage point.
    if (job.message !== lastMessage && (job.finished || job.step !== root.dataset.step)) {
      root.dataset.step = job.step;
      lastMessage = job.message;
      if (job.status === "failed") {
        say(
          '<div class="nhsuk-error-summary" aria-labelledby="report-failed-title" tabindex="-1">' +
            '<h2 class="nhsuk-error-summary__title" id="report-failed-title">The report could not be made</h2>' +
            `<div class="nhsuk-error-summary__body"><p>${escape(job.error)}</p></div></div>`,
        );
      } else {
        say(`<p>${escape(job.message)}</p>`);
      }
    }
    if (job.finished) {
      if (bar) {
        bar.nextElementSibling?.remove(); // its label
        bar.remove();
      }
      if (job.status === "done") {
        download.hidden = false;
      } else {
        status.querySelector(".nhsuk-error-summary")?.focus();
      }
    }
  };

  const poll = async () => {
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    } catch {
      delay = Math.min(delay * 2, 15000);
      window.setTimeout(poll, delay);
      return;
    }
    if (!response.ok) {
      // Signed out or not allowed: leave the page's own "Check again" link to do the work.
      if (noJs) noJs.hidden = false;
      return;
    }
    const job = await response.json();
    update(job);
    if (!job.finished) {
      delay = Math.min(delay + 250, 5000);
      window.setTimeout(poll, delay);
    }
  };

  window.setTimeout(poll, 500);
}
