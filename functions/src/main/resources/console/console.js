// The operator console: plain JavaScript on the management API only (docs/management-api.md).
// Every value from the API goes into the page through textContent, never as HTML.
"use strict";

const app = document.getElementById("app");

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok && !(json && json.sections)) {
    throw new Error((json && (json.detail || json.message)) || response.status + " " + response.statusText);
  }
  return json;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "onclick") node.addEventListener("click", v);
    else node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function table(headers, rows) {
  return el("table", {}, el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((c) => el("td", {}, c))))));
}

function show(...nodes) {
  app.replaceChildren(...nodes);
}

function failure(e) {
  return el("div", { class: "error", role: "alert" }, e.message);
}

function when(iso) {
  return iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 19) + "Z" : "";
}

async function tenantsPage() {
  const data = await api("GET", "../v1/tenants?pageSize=100");
  show(el("h1", {}, "Tenants"), table(["tenant", "connection", "automation", "failing sections", "last runs"],
    data.tenants.map((t) => [
      el("a", { href: "#/tenant/" + t.tenantId, id: "tenant-" + t.tenantId }, t.tenantId),
      el("span", { class: "state-" + t.connection }, t.connection),
      t.configurationProblem ? el("span", { class: "failing" }, "configuration needs attention")
        : t.enabled ? "on" : "paused",
      t.failingSections.length ? el("span", { class: "failing" }, t.failingSections.join(", ")) : "none",
      t.lastRuns.map((r) => r.sectionId + " " + r.status).join(" · "),
    ])));
}

// Rows a run wrote: the usage pull's rowsWritten, or a CRM sync's writes on both sides.
function written(c) {
  return c.rowsWritten !== undefined ? c.rowsWritten
    : (c.crmWritesApplied || 0) + (c.warehouseInserts || 0) + (c.warehouseUpdates || 0);
}

function chart(runs) {
  // Rows written per run (bars) and failed runs (red), oldest left: over the runs listed.
  const points = runs.slice().reverse();
  const width = 640, height = 120;
  const bar = Math.min(24, Math.max(2, Math.floor(width / Math.max(points.length, 1)) - 2));
  const max = Math.max(1, ...points.map((r) => written(r.counts)));
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", width);
  svg.setAttribute("height", height + 14);
  svg.setAttribute("id", "runs-chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "rows written per run; failed runs in red");
  points.forEach((r, i) => {
    const value = written(r.counts);
    const h = r.status === "FAILED" ? height : Math.max(1, Math.round(height * value / max));
    const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    rect.setAttribute("x", i * (bar + 2));
    rect.setAttribute("y", height - h);
    rect.setAttribute("width", bar);
    rect.setAttribute("height", h);
    rect.setAttribute("class", r.status === "FAILED" ? "failed" : "written");
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = r.sectionId + " " + when(r.startedAt) + ": " + r.status + ", " + value + " written";
    rect.append(title);
    svg.append(rect);
  });
  const label = document.createElementNS("http://www.w3.org/2000/svg", "text");
  label.setAttribute("x", 0);
  label.setAttribute("y", height + 12);
  label.textContent = points.length + " runs, most " + max + " rows written in one";
  svg.append(label);
  return svg;
}

async function tenantPage(id) {
  const [overview, stored, connection, runs] = await Promise.all([
    api("GET", "../v1/tenants/" + id), api("GET", "../v1/tenants/" + id + "/configuration"),
    api("GET", "../v1/tenants/" + id + "/connection"), api("GET", "../v1/tenants/" + id + "/runs?pageSize=100")]);
  const config = stored.configuration;
  const output = el("div", { id: "output" });
  const run = (body) => async () => {
    output.replaceChildren(el("p", {}, "Running…"));
    try {
      const result = await api("POST", "../v1/tenants/" + id + "/runs", body);
      output.replaceChildren(el("h2", {}, body.dryRun ? "Dry-run plan" : "Run result"),
        el("pre", { id: body.dryRun ? "plan" : "result" }, JSON.stringify(result, null, 2)));
    } catch (e) {
      output.replaceChildren(failure(e));
    }
  };
  const link = async () => {
    const admin = window.prompt("Connect link for which admin (email)?");
    if (!admin) return;
    try {
      const minted = await api("POST", "../v1/tenants/" + id + "/connection/link", { admin });
      output.replaceChildren(el("div", { class: "card" }, "Single-use link (until " + when(minted.expiresAt) + "): ",
        el("code", { id: "connect-link" }, minted.url)));
    } catch (e) {
      output.replaceChildren(failure(e));
    }
  };
  const sections = [
    ...config.crmSections.map((s) => [s.id, "CRM " + s.model + " " + s.direction, s.source, s.enabled ? "on" : "off",
      el("span", {}, el("button", { id: "dry-run-" + s.id, onclick: run({ job: "crm", sectionId: s.id, dryRun: true }) },
        "Dry run"), el("button", { onclick: run({ job: "crm", sectionId: s.id }) }, "Sync now"))]),
    ...config.usageSections.map((s) => [s.id, "usage " + s.kind, s.source, s.enabled ? "on" : "off",
      el("button", { id: "pull-" + s.id, onclick: run({ job: "usage", sectionId: s.id, force: true }) }, "Pull now")]),
  ];
  show(el("h1", {}, "Tenant " + id),
    el("div", { class: "card" },
      el("div", {}, "Connection: ", el("span", { class: "state-" + connection.state, id: "connection-state" },
        connection.state), connection.account ? " as " + connection.account : "",
        connection.connectedBy ? " (by " + connection.connectedBy + ")" : ""),
      connection.redirectUri ? el("div", {}, "Redirect URI to register: ", el("code", {}, connection.redirectUri)) : null,
      connection.clientSecretStored !== undefined ? el("div", {}, "OAuth client secret: "
        + (connection.clientSecretStored ? "stored" : "not stored (bqsync tenant set-oauth-client)")) : null,
      connection.secretsNotChecked ? el("div", {}, connection.secretsNotChecked) : null,
      connection.message ? el("div", {}, connection.message) : null,
      connection.auth === "OAUTH" ? el("button", { onclick: link }, "Connect link…") : null),
    el("div", { class: "card" }, "Automation: " + (config.enabled ? "on" : "paused") + " · revision " + stored.revision
      + " · failing: " + (overview.failingSections.join(", ") || "none")),
    el("h2", {}, "Sections"), table(["section", "kind", "source", "enabled", ""], sections), output,
    el("h2", {}, "Runs"), chart(runs.runs),
    table(["run", "section", "status", "started", "counts", "rejected"], runs.runs.map((r) => [
      el("a", { href: "#/tenant/" + id + "/run/" + r.runId }, r.runId), r.sectionId,
      el("span", { class: "status-" + r.status }, r.status), when(r.startedAt),
      Object.entries(r.counts).filter(([, v]) => v).map(([k, v]) => k + " " + v).join(", "), r.rejected])));
}

async function runPage(id, runId) {
  const r = await api("GET", "../v1/tenants/" + id + "/runs/" + runId);
  show(el("h1", {}, "Run " + r.runId), el("p", {}, el("a", { href: "#/tenant/" + id }, "← tenant " + id)),
    el("div", { class: "card" }, el("span", { class: "status-" + r.status, id: "run-status" }, r.status),
      " " + r.job + " " + r.sectionId + ", " + when(r.startedAt) + " → " + when(r.finishedAt)),
    r.error ? el("div", { class: "error" }, r.error) : null,
    el("h2", {}, "Counts"), table(["counter", "value"], Object.entries(r.counts)),
    el("h2", {}, "Rejected rows"), table(["key", "reason", "detail"], r.rejectedSamples.map((s) => [s.key, s.reason,
      s.detail])),
    r.warnings.length ? el("h2", {}, "Warnings") : null, ...r.warnings.map((w) => el("p", {}, w)));
}

async function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  try {
    if (parts[0] === "tenant" && parts[2] === "run") await runPage(parts[1], parts[3]);
    else if (parts[0] === "tenant") await tenantPage(parts[1]);
    else await tenantsPage();
  } catch (e) {
    show(failure(e));
  }
}

window.addEventListener("hashchange", route);
route();
