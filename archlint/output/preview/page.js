// The archlint serve page: lists every document with its picture and findings,
// reloads both when the server says `update` (server-sent events), and
// highlights the drawn element of a finding when it is clicked.
"use strict";

const main = document.getElementById("documents");
const status = document.getElementById("status");
const problem = document.getElementById("problem");

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

async function picture(key, version) {
  const response = await fetch(`/svg/${encodeURIComponent(key)}?v=${version}`);
  // icons are <symbol>s with ids; give each document its own, as all share one page
  const source = (await response.text()).replaceAll("archlint-icon-", `${key}-icon-`);
  const parsed = new DOMParser().parseFromString(source, "image/svg+xml");
  return document.importNode(parsed.documentElement, true);
}

function highlight(section, finding, item) {
  section.querySelectorAll("rect.archlint-highlight").forEach((rect) => rect.remove());
  section.querySelectorAll("li.active").forEach((li) => li.classList.remove("active"));
  item.classList.add("active");
  const svg = section.querySelector("svg");
  if (!svg) return;
  let first = null;
  for (const title of svg.querySelectorAll("g > title")) {
    if (!finding.targets.includes(title.textContent)) continue;
    const group = title.parentElement;
    const box = group.getBBox();
    const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    rect.setAttribute("class", "archlint-highlight");
    rect.setAttribute("x", box.x - 6); rect.setAttribute("y", box.y - 6);
    rect.setAttribute("width", box.width + 12); rect.setAttribute("height", box.height + 12);
    rect.dataset.target = title.textContent;
    group.appendChild(rect);
    first = first || group;
  }
  if (first) first.scrollIntoView({ block: "center", inline: "center" });
}

async function show(state) {
  problem.hidden = !state.problem;
  problem.textContent = state.problem || "";
  const sections = [];
  for (const doc of state.documents) {
    const section = document.createElement("section");
    section.dataset.name = doc.name;
    const left = document.createElement("div");
    left.className = "picture";
    left.appendChild(text("h2", doc.name));
    if (doc.error) left.appendChild(text("div", doc.error, "error-text"));
    else if (doc.key && !state.problem) left.appendChild(await picture(doc.key, state.version));
    const list = document.createElement("ul");
    list.className = "findings";
    if (!doc.findings.length && !doc.error) list.appendChild(text("li", "No findings."));
    for (const finding of doc.findings) {
      const item = document.createElement("li");
      item.className = finding.severity;
      item.appendChild(text("span", `${finding.rule} ${finding.severity}`, "sev"));
      item.appendChild(text("div", `${finding.element} (line ${finding.line})`));
      item.appendChild(text("div", finding.message));
      item.addEventListener("click", () => highlight(section, finding, item));
      list.appendChild(item);
    }
    section.append(left, list);
    sections.push(section);
  }
  main.replaceChildren(...sections);
  document.body.dataset.version = state.version;
  status.textContent = `version ${state.version}, ${state.documents.length} document(s)`;
}

async function reload() {
  const response = await fetch("/state", { cache: "no-store" });
  await show(await response.json());
}

const events = new EventSource("/events");
events.addEventListener("update", () => reload().catch((error) => { status.textContent = String(error); }));
events.onerror = () => { status.textContent = "disconnected (is archlint serve still running?)"; };
