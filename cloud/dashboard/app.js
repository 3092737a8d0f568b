/* app.js - the fleet dashboard (docs/cloud.md, "Dashboard"): logs in
 * (POST /v1/session), then reads the admin API with the session cookie every
 * few seconds and draws the devices, the device groups with their
 * deployments' rollout, and the error reports with a chart over days. Every
 * request that changes something ("check now", log out) carries the
 * session's CSRF token in X-CSRF-Token. Text goes into the page only as
 * textContent (never as markup). */
"use strict";

const REFRESH_MS = 3000;
const SVG_NS = "http://www.w3.org/2000/svg";

let csrfToken = null;
let refreshTimer = null;
let refreshFailed = false;

const $ = (id) => document.getElementById(id);

/* One API request with the session cookie: {status, body} (body parsed JSON or null). */
async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && method !== "HEAD" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const resp = await fetch(path, {
    method, headers, credentials: "same-origin", cache: "no-store",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let parsed = null;
  try { parsed = await resp.json(); } catch (e) { parsed = null; }
  return { status: resp.status, body: parsed };
}

function reason(answer) {
  return (answer.body && answer.body.error) || "HTTP " + answer.status;
}

/* An element with optional class and text. */
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function cell(row, cls, text) {
  const td = el("td", cls, text);
  row.appendChild(td);
  return td;
}

function when(t) {
  const d = new Date(t * 1000);
  const ago = Math.max(0, Math.round(Date.now() / 1000 - t));
  return d.toISOString().replace("T", " ").slice(0, 19) + " UTC (" + ago + " s ago)";
}

function short(id) {
  return id ? id.slice(0, 12) + "\u2026" : "";
}

/* ---- login and logout ---- */

function showLogin(message) {
  csrfToken = null;
  if (refreshTimer) clearInterval(refreshTimer);
  refreshTimer = null;
  $("fleet").hidden = true;
  $("whoami").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message || "";
  $("login-password").value = "";
  $("login-password").focus();
}

function showFleet(session) {
  csrfToken = session.csrf_token;
  $("account").textContent = "Logged in as " + session.name;
  $("login").hidden = true;
  $("whoami").hidden = false;
  $("fleet").hidden = false;
  refresh();
  if (!refreshTimer) refreshTimer = setInterval(refresh, REFRESH_MS);
}

async function login(event) {
  event.preventDefault();
  $("login-error").textContent = "";
  $("login-submit").disabled = true;
  try {
    const answer = await api("POST", "/v1/session",
      { name: $("login-name").value, password: $("login-password").value });
    if (answer.status === 200) showFleet(answer.body);
    else showLogin(reason(answer));
  } catch (e) {
    showLogin("the service cannot be reached: " + e.message);
  } finally {
    $("login-submit").disabled = false;
  }
}

async function logout() {
  const answer = await api("DELETE", "/v1/session");
  if (answer.status === 200 || answer.status === 401) showLogin("Logged out.");
  else $("fleet-error").textContent = "log out: " + reason(answer);
}

/* ---- the fleet ---- */

async function checkNow(deviceId, button) {
  button.disabled = true;
  const answer = await api("POST", "/v1/devices/" + deviceId + "/update-check");
  if (answer.status === 401) return showLogin(reason(answer));
  $("fleet-error").textContent = answer.status === 200 ? "" : "check now: " + reason(answer);
  refresh();
}

function appNames(images) {
  const names = {};
  for (const i of images) if (i.kind === "app") names[i.component_id] = i.name;
  return names;
}

/* Health: the last check-in's state, "late" past twice the group's check period. */
function health(device, group) {
  const last = device.last_checkin;
  if (!last) return { text: "never checked in", cls: "health-never" };
  const period = group ? group.check_period_s : 3600;
  const late = Date.now() / 1000 - last.time > 2 * period + 60;
  return { text: last.state + (late ? " (late)" : ""), cls: late ? "health-late" : "health-" + last.state };
}

function drawDevices(devices, groups, images) {
  const body = $("devices").tBodies[0];
  const groupById = Object.fromEntries(groups.map((g) => [g.id, g]));
  const names = appNames(images);
  body.replaceChildren();
  for (const d of devices) {
    const row = el("tr");
    const last = d.last_checkin;
    const group = groupById[d.device_group];
    row.dataset.device = d.device_id;
    cell(row, "device-id mono", short(d.device_id)).title = d.device_id;
    cell(row, "device-group", group ? group.name : d.device_group);
    cell(row, "device-os", last ? "v" + last.os.version + " (slot " + last.os.slot + ")" : "\u2013");
    cell(row, "device-apps", last ? last.apps.map((a) =>
      (names[a.component_id] || short(a.component_id)) + " v" + a.version).join(", ") || "none" : "\u2013");
    const h = health(d, group);
    cell(row, "device-health health " + h.cls, h.text).title = last ? last.detail : "";
    cell(row, "device-last", last ? when(last.time) : "\u2013");
    const action = cell(row, "device-check-now");
    const button = el("button", "check-now", "Check now");
    button.type = "button";
    button.addEventListener("click", () => checkNow(d.device_id, button));
    action.appendChild(button);
    action.appendChild(el("span", "check-now-state", d.check_now ? " requested" : ""));
    body.appendChild(row);
  }
  $("devices-empty").hidden = devices.length > 0;
}

/* Whether a device's last check-in reports every image of a deployment:
 * the OS image's version (when the group takes OS images), each app's. */
function onDeployment(device, targets, osFeed) {
  const last = device.last_checkin;
  if (!last) return false;
  return targets.every((i) => {
    if (i.kind === "os") return osFeed !== "retail" || last.os.version === i.version;
    return last.apps.some((a) => a.component_id === i.component_id && a.version === i.version);
  });
}

function drawGroups(groups, products, deployments, images, devices) {
  const body = $("groups").tBodies[0];
  const productName = Object.fromEntries(products.map((p) => [p.id, p.name]));
  const imageById = Object.fromEntries(images.map((i) => [i.id, i]));
  const deploymentById = Object.fromEntries(deployments.map((d) => [d.id, d]));
  body.replaceChildren();
  for (const g of groups) {
    const row = el("tr");
    row.dataset.group = g.id;
    cell(row, "group-name", g.name);
    cell(row, "group-product", productName[g.product] || g.product);
    cell(row, "group-feed", g.os_feed);
    const dep = g.deployment ? deploymentById[g.deployment] : null;
    cell(row, "group-deployment mono", dep ? short(dep.id) + " " + when(dep.created_at) : "none");
    const targets = dep ? dep.images.map((id) => imageById[id]).filter(Boolean) : [];
    cell(row, "group-images", targets.map((i) => (i.kind === "os" ? "OS" : i.name) + " v" + i.version)
      .join(", ") || "\u2013");
    const members = devices.filter((d) => d.device_group === g.id);
    const on = dep ? members.filter((d) => onDeployment(d, targets, g.os_feed)).length : 0;
    const rollout = cell(row, "group-rollout");
    if (dep && members.length) {
      const bar = el("span", "progress");
      const fill = el("span", "progress-bar");
      fill.style.width = Math.round((100 * on) / members.length) + "%";
      bar.appendChild(fill);
      rollout.appendChild(bar);
    }
    rollout.appendChild(el("span", "rollout-count",
      dep ? on + "/" + members.length + " devices" : members.length + " devices, no deployment"));
    body.appendChild(row);
  }
  $("groups-empty").hidden = groups.length > 0;
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/* The CHART_DAYS days up to today (UTC), each with its count from days
 * [{day: "YYYY-MM-DD", count}] (0 for a day without reports). */
const CHART_DAYS = 30;
function lastDays(days) {
  const counts = Object.fromEntries(days.map((d) => [d.day, d.count]));
  const today = Date.parse(new Date().toISOString().slice(0, 10));
  const out = [];
  for (let i = CHART_DAYS - 1; i >= 0; i--) {
    const day = new Date(today - i * 86400000).toISOString().slice(0, 10);
    out.push({ day, count: counts[day] || 0 });
  }
  return out;
}

/* A bar per day over the last CHART_DAYS days, drawn by hand in SVG. */
function drawChart(days) {
  const chart = $("reports-chart");
  const width = 640, height = 160, left = 36, bottom = 20, top = 10;
  chart.replaceChildren();
  chart.setAttribute("viewBox", "0 0 " + width + " " + height);
  const shown = lastDays(days);
  const max = Math.max(1, ...shown.map((d) => d.count));
  const plotH = height - bottom - top;
  const step = (width - left - 4) / shown.length;
  chart.appendChild(svg("line", { class: "axis", x1: left, y1: top, x2: left, y2: height - bottom }));
  chart.appendChild(svg("line", { class: "axis", x1: left, y1: height - bottom, x2: width, y2: height - bottom }));
  chart.appendChild(svg("text", { x: 2, y: top + 8 }, String(max)));
  chart.appendChild(svg("text", { x: 2, y: height - bottom }, "0"));
  shown.forEach((d, i) => {
    const h = (plotH * d.count) / max;
    if (d.count === 0) return labelDay(chart, d, i, shown.length, left + 2 + i * step, step, height);
    const bar = svg("rect", { class: "bar", x: left + 2 + i * step, y: height - bottom - h,
      width: Math.max(1, step - 2), height: h, "data-day": d.day, "data-count": d.count });
    bar.appendChild(svg("title", {}, d.day + ": " + d.count));
    chart.appendChild(bar);
    labelDay(chart, d, i, shown.length, left + 2 + i * step, step, height);
  });
}

/* Every seventh day's date under the axis, counted back from the last one
 * (its label ends at its bar's right edge, inside the chart). */
function labelDay(chart, d, i, count, x, step, height) {
  if ((count - 1 - i) % 7 !== 0) return;
  const last = i === count - 1;
  chart.appendChild(svg("text", { x: last ? x + step - 2 : x, y: height - 6, "text-anchor": last ? "end" : "start" },
    d.day.slice(5)));
}

/* The reports' table and chart shown or not (an svg element has no .hidden). */
function showReports(table, chart) {
  $("reports").hidden = !table;
  $("reports-chart").style.display = chart ? "" : "none";
}

function drawReports(answer) {
  const body = $("reports").tBodies[0];
  body.replaceChildren();
  $("reports-chart").replaceChildren();
  if (answer.status === 404) {
    $("reports-status").textContent = "no error reports service";
    showReports(false, false);
    return;
  }
  if (answer.status !== 200) {
    $("reports-status").textContent = "error reports: " + reason(answer);
    showReports(false, false);
    return;
  }
  const { components = [], days = [] } = answer.body;
  let total = 0;
  for (const c of components) {
    const row = el("tr");
    total += c.count;
    row.dataset.component = c.component_id;
    cell(row, "report-component mono", short(c.component_id)).title = c.component_id;
    cell(row, "report-name", c.name);
    cell(row, "report-version", String(c.version));
    cell(row, "report-kind", c.kind);
    cell(row, "report-count", String(c.count));
    cell(row, "report-devices", String(c.devices));
    cell(row, "report-last", c.last ? when(c.last) : "\u2013");
    body.appendChild(row);
  }
  $("reports-status").textContent = components.length
    ? total + (total === 1 ? " report" : " reports") + " (" + CHART_DAYS + " days on the chart)" : "No error reports.";
  showReports(components.length > 0, components.length > 0);
  drawChart(days);
}

async function refresh() {
  if (!csrfToken) return;
  try {
    const paths = ["/v1/devices", "/v1/device-groups", "/v1/products", "/v1/deployments", "/v1/images",
      "/v1/error-reports/summary"];
    const answers = await Promise.all(paths.map((p) => api("GET", p)));
    if (answers.some((a) => a.status === 401)) return showLogin(reason(answers.find((a) => a.status === 401)));
    const failed = answers.slice(0, 5).find((a) => a.status !== 200);
    if (failed) {
      $("fleet-error").textContent = reason(failed);
      refreshFailed = true;
      return;
    }
    if (refreshFailed) $("fleet-error").textContent = "";
    refreshFailed = false;
    const [devices, groups, products, deployments, images] = answers.map((a) => a.body);
    drawDevices(devices, groups, images);
    drawGroups(groups, products, deployments, images, devices);
    drawReports(answers[5]);
    $("refreshed").textContent = "updated " + new Date().toISOString().slice(11, 19) + " UTC";
  } catch (e) {
    $("fleet-error").textContent = "the service cannot be reached: " + e.message;
    refreshFailed = true;
  }
}

async function start() {
  $("login-form").addEventListener("submit", login);
  $("logout").addEventListener("click", logout);
  try {
    const answer = await api("GET", "/v1/session");
    if (answer.status === 200) showFleet(answer.body);
    else showLogin();
  } catch (e) {
    showLogin("the service cannot be reached: " + e.message);
  }
}

document.addEventListener("DOMContentLoaded", start);
