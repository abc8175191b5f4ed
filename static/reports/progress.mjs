// The report progress page: polls the job's JSON (which only its requesters may read) and
// keeps the page's one status up to date — its tag, its sentence (which says when a stalled
// or interrupted job will be tried again), the bar while it is being made — announcing
// each change through the polite live region, and turns into a download link when ready.
// Without JavaScript the page offers "Check again".

const root = document.getElementById("report-progress");
const url = root && root.dataset.progressUrl;

if (url) {
  const barBox = document.getElementById("report-bar");
  const bar = barBox && barBox.querySelector("[role=progressbar]");
  const fill = bar && bar.querySelector(".ccpl-progress__fill");
  const status = document.getElementById("report-status");
  const download = document.getElementById("report-download");
  const noJs = root.querySelector(".ccpl-no-js-refresh");
  let lastMessage = (document.getElementById("report-message") || status).textContent.trim();
  let lastState = document.getElementById("report-state")?.dataset.state || "";
  let delay = 1500;

  const element = (tag, attributes, text) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  if (noJs) noJs.hidden = true;

  const update = (job) => {
    if (bar) {
      barBox.hidden = !job.show_bar;
      bar.setAttribute("aria-valuenow", String(job.progress));
      bar.setAttribute("aria-valuetext", `${job.progress}%: ${job.step}`);
      fill.style.width = `${job.progress}%`;
    }
    // Announce changes of state or step, not every percentage point.
    const changed = job.state !== lastState || (job.message !== lastMessage && job.step !== root.dataset.step);
    if (changed) {
      root.dataset.step = job.step;
      lastMessage = job.message;
      lastState = job.state;
      const tag = element("strong", { id: "report-state", class: `nhsuk-tag nhsuk-tag--${job.tag_colour}` }, job.status_label);
      const first = element("p", {});
      first.append(tag);
      if (job.state === "failed") {
        const summary = element("div", { class: "nhsuk-error-summary", "aria-labelledby": "report-failed-title", role: "alert", tabindex: "-1" });
        summary.append(element("h2", { class: "nhsuk-error-summary__title", id: "report-failed-title" }, "The report could not be made"));
        const body = element("div", { class: "nhsuk-error-summary__body" });
        body.append(element("p", {}, job.error));
        summary.append(body);
        status.replaceChildren(first, summary);
      } else {
        status.replaceChildren(first, element("p", { id: "report-message" }, job.message));
      }
    }
    if (job.finished) {
      barBox?.remove();
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
      if (response.status === 503) {
        // The site is briefly unavailable: keep the page and try again a little later.
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
        return;
      }
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
