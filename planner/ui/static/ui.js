// planner ui: draws the plan the server sends and sends the manager's edits back.
// Every text from the plan goes on screen through textContent (never as HTML), so a
// facility named "<script>..." shows as text.
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
let state = null;
let selected = null;
let polling = null;

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "className") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function say(text, isError) {
  const box = document.getElementById("message");
  box.textContent = text;
  box.className = isError ? "error" : "";
}

const number = (value) => (value === null || value === undefined ? "—" : Math.round(value).toLocaleString("ja-JP"));
const signed = (value) => (value > 0 ? "+" : "") + number(value);
const slotJa = { am: "午前", pm: "午後" };

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify({ version: state ? state.version : 0, office: state ? state.office : "", ...body }),
  };
  const response = await fetch(path, options);
  const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) {
    const error = new Error(answer.error || `HTTP ${response.status}`);
    error.status = response.status;
    error.answer = answer;
    throw error;
  }
  return answer;
}

function apply(answer) {
  if (answer && answer.version !== undefined && answer.visits) {
    state = answer;
    render();
  }
}

async function load() {
  state = await api("/api/plan");
  fillOffices();
  fillFilters();
  render();
}

function fillOffices() {
  const select = document.getElementById("office-select");
  select.hidden = !state.offices.length;
  select.replaceChildren(...state.offices.map((office) => el("option", { value: office, selected: office === state.office }, office)));
  select.onchange = async () => {
    try {
      state = await api("/api/office", { show: select.value });
      selected = null;
      fillFilters();
      render();
      document.getElementById("options").replaceChildren();
      say(`${select.value} を表示しています`);
    } catch (error) {
      select.value = state.office;
      say(error.message, true);
    }
  };
}

function fillFilters() {
  const months = [...new Set(state.days.map((day) => day.month))];
  const month = document.getElementById("month");
  month.replaceChildren(...months.map((m) => el("option", { value: m }, `${m.slice(0, 4)}年${Number(m.slice(5))}月`)),
    el("option", { value: "year" }, "年間（推進員ひとりの1年）"));
  const officer = document.getElementById("officer");
  officer.replaceChildren(el("option", { value: "" }, "全員"), ...state.officers.map((o) => el("option", { value: o.id }, o.label)));
  const round = document.getElementById("round");
  round.replaceChildren(el("option", { value: "" }, "すべて"), ...state.rounds.map((r) => el("option", { value: r }, r)));
  const block = document.getElementById("block");
  block.replaceChildren(el("option", { value: "" }, "すべて"), ...state.blocks.map((b) => el("option", { value: b }, b)));
  document.getElementById("replan-from").value = state.days[0].date;
  document.getElementById("replan-limit").value = state.replan_limit;
  document.getElementById("replan-until").min = state.days[0].date;
  document.getElementById("replan-until").max = state.days[state.days.length - 1].date;
  document.getElementById("replan-from").min = state.days[0].date;
  document.getElementById("replan-from").max = state.days[state.days.length - 1].date;
  for (const id of ["month", "officer", "round", "block"]) document.getElementById(id).onchange = render;
}

function render() {
  document.getElementById("office").textContent = state.name;
  document.getElementById("undo").disabled = !state.can_undo;
  document.getElementById("redo").disabled = !state.can_redo;
  const k = state.kpis;
  document.getElementById("figures").replaceChildren(
    el("span", {}, `目的関数 ${number(state.objective)}`),
    el("span", {}, `下界 ${number(state.bound)}`),
    el("span", {}, `ギャップ ${state.gap === null ? "—" : (100 * state.gap).toFixed(2) + " %"}`),
    el("span", {}, `窓口の待ち時間（年） ${number(k.waited_year)} 人・分`),
    el("span", {}, `申込期 ${number(k.waited_season)} 人・分`),
    el("span", {}, `訪問 ${k.visits} 件`),
    el("span", { id: "version" }, `版 ${state.version}`),
  );
  const violations = document.getElementById("violations");
  violations.replaceChildren(
    ...(state.violations.length ? [el("p", {}, `規則違反 ${state.violations.length} 件（直すまで印が残ります）：`)] : []),
    el("ul", {}, state.violations.map((v) => el("li", {}, `${v.where}: ${v.message} [${v.rule}]`))),
  );
  renderGrid();
  renderTerms();
  renderJournal();
}

function waitingColour(waiting, most) {
  const share = most > 0 ? Math.min(1, waiting / most) : 0;
  return `hsl(0, 80%, ${100 - 45 * share}%)`;
}

function renderGrid() {
  const month = document.getElementById("month").value;
  const onlyOfficer = document.getElementById("officer").value;
  const onlyRound = document.getElementById("round").value;
  const onlyBlock = document.getElementById("block").value;
  const days = state.days.filter((day) => day.month === month);
  const counter = new Map(state.counter.map((row) => [`${row.date} ${row.slot}`, row]));
  const most = Math.max(...state.counter.map((row) => row.waiting));
  const visits = new Map();
  for (const visit of state.visits) {
    if ((onlyRound && visit.round !== onlyRound) || (onlyBlock && visit.block !== onlyBlock)) continue;
    const key = `${visit.date} ${visit.slot} ${visit.officer}`;
    if (!visits.has(key)) visits.set(key, []);
    visits.get(key).push(visit);
  }
  const meetings = new Map();
  for (const meeting of state.meetings) {
    for (const officer of meeting.officers) {
      const key = `${meeting.date} ${meeting.slot} ${officer}`;
      if (!meetings.has(key)) meetings.set(key, []);
      meetings.get(key).push(meeting);
    }
  }
  const cellOf = (officer, day, slot) => officerCell(officer, day, slot, visits, meetings);
  if (month === "year") {
    renderYear(state.officers.find((officer) => officer.id === onlyOfficer) || state.officers[0], cellOf, counter, most);
    return;
  }
  const head = el("tr", {}, el("th", { rowspan: 2 }, ""), days.map((day) => el("th", { colspan: 2 }, `${Number(day.date.slice(8))}(${day.weekday})`)));
  const halves = el("tr", {}, days.map(() => [el("th", {}, "午前"), el("th", {}, "午後")]));
  const counterRow = el("tr", {}, el("th", { className: "officer" }, "窓口（人）"),
    days.map((day) => ["am", "pm"].map((slot) => {
      const row = counter.get(`${day.date} ${slot}`);
      const cell = el("td", { className: "counter", title: `来庁見込み ${row.arrivals} 人、待ち時間 ${number(row.waiting)} 人・分、必要 ${row.required} 人` }, row.at_counter);
      cell.style.background = waitingColour(row.waiting, most);
      return cell;
    })));
  const rows = state.officers.filter((officer) => !onlyOfficer || officer.id === onlyOfficer).map((officer) =>
    el("tr", {}, el("th", { className: "officer" }, officer.label), days.map((day) => ["am", "pm"].map((slot) => cellOf(officer, day, slot)))));
  document.getElementById("grid").replaceChildren(el("table", { className: "month" }, el("thead", {}, head, halves), el("tbody", {}, counterRow, rows)));
}

// One officer's half-day: their visits and meetings; a drop target; a click on the cell itself pins the duty day.
function officerCell(officer, day, slot, visits, meetings) {
  const onDuty = (state.duty[day.date] || []).includes(officer.id);
  const key = `${day.date} ${slot} ${officer.id}`;
  const cell = el("td", { className: onDuty ? "on" : "off", "data-date": day.date, "data-slot": slot, "data-officer": officer.id },
    (visits.get(key) || []).map(visitChip),
    (meetings.get(key) || []).map(meetingChip));
  if ((state.pinned_duty || []).includes(`${officer.id} ${day.date}`)) cell.classList.add("pinned-duty");
  cell.addEventListener("click", (event) => { if (event.target === cell) showDay(officer.id, day.date, onDuty); });
  cell.addEventListener("dragover", (event) => { event.preventDefault(); cell.classList.add("drop-target"); });
  cell.addEventListener("dragleave", () => cell.classList.remove("drop-target"));
  cell.addEventListener("drop", (event) => {
    event.preventDefault();
    cell.classList.remove("drop-target");
    move(event.dataTransfer.getData("text/plain"), day.date, slot, officer.id);
  });
  return cell;
}

// One officer's whole year: a row per month, a column per day of the month (am, pm); the day's
// number coloured by the counter's waiting that day.
function renderYear(officer, cellOf, counter, most) {
  const byDate = new Map(state.days.map((day) => [day.date, day]));
  const months = [...new Set(state.days.map((day) => day.month))];
  const numbers = Array.from({ length: 31 }, (_, index) => index + 1);
  const head = el("tr", {}, el("th", {}, officer.label), numbers.map((n) => el("th", { colspan: 2 }, n)));
  const rows = months.map((month) => el("tr", {}, el("th", { className: "officer" }, `${Number(month.slice(5))}月`),
    numbers.map((n) => {
      const day = byDate.get(`${month}-${String(n).padStart(2, "0")}`);
      if (!day) return [el("td", { className: "closed" }), el("td", { className: "closed" })];
      return ["am", "pm"].map((slot) => {
        const cell = cellOf(officer, day, slot);
        const row = counter.get(`${day.date} ${slot}`);
        cell.title = `${day.date}(${day.weekday}) ${slotJa[slot]}：窓口 ${row.at_counter} 人、待ち時間 ${number(row.waiting)} 人・分`;
        cell.style.borderTop = `4px solid ${waitingColour(row.waiting, most)}`;
        return cell;
      });
    })));
  document.getElementById("grid").replaceChildren(el("table", { className: "month year" }, el("thead", {}, head), el("tbody", {}, rows)));
}

function visitChip(visit) {
  const classes = ["chip", visit.pinned ? "pinned" : "", visit.moved ? "moved" : "", visit.broken ? "broken" : "",
    visit.announced ? "" : "unannounced", selected === visit.key ? "selected" : ""].filter(Boolean).join(" ");
  const told = visit.announced ? (visit.told ? "施設へ通知済みの日付" : "施設へ再通知が必要") : "事前連絡なし（施設には知らせない）";
  const title = `${visit.facility}（${visit.round_label}）${told}${visit.pinned ? "・固定: " + visit.pinned : ""}`;
  const chip = el("span", { className: classes, title, draggable: visit.pinned ? null : "true", "data-visit": visit.key,
    onclick: () => showOptions(visit.key) }, visit.facility_id);
  chip.addEventListener("dragstart", (event) => event.dataTransfer.setData("text/plain", visit.key));
  return chip;
}

function meetingChip(meeting) {
  const pinned = (state.pinned_meetings || []).includes(meeting.id);
  return el("span", { className: `chip meeting${pinned ? " pinned" : ""}`, title: `${meeting.label}（${meeting.id}）${pinned ? "・固定" : ""}`,
    "data-meeting": meeting.id, onclick: () => showMeeting(meeting, pinned) }, meeting.label.slice(0, 4));
}

async function showMeeting(meeting, pinned) {
  let answer;
  try {
    answer = await api(`/api/meeting-options?meeting=${encodeURIComponent(meeting.id)}`);
  } catch (error) {
    say(error.message, true);
    return;
  }
  const halves = { am: "午前", pm: "午後", day: "終日" };
  document.getElementById("options").replaceChildren(
    el("h2", {}, `${meeting.label}（${meeting.id}）`),
    el("p", {}, `${meeting.date} ${slotJa[meeting.slot]}　出席: ${meeting.officers.join(" ")}`),
    el("p", { className: "hint" }, "開ける日ごとに、目的関数の変化と破る規則を示します。移すか固定すると、再計画でもその日に開かれます。"),
    el("table", { className: "options" },
      el("tr", {}, el("th", {}, "日付"), el("th", {}, ""), el("th", {}, "出席"), el("th", {}, "変化"), el("th", {}, "待ち時間"), el("th", {}, "内訳・規則"), el("th", {}, "")),
      answer.options.map((option) => el("tr", { className: [option.current ? "current" : "", option.broken.length ? "breaks" : ""].join(" ") },
        el("td", {}, option.date), el("td", {}, halves[option.slot]), el("td", {}, option.officers),
        el("td", { className: "change" }, signed(option.change)), el("td", {}, signed(option.waiting_change)),
        el("td", { className: "why" }, Object.entries(option.terms).map(([name, value]) => `${termLabel(name)} ${signed(value)}`).join("、"),
          option.broken.map((rule) => el("div", {}, `${rule.words} [${rule.rule}]`))),
        el("td", {}, option.current ? "" : el("button", { type: "button", className: "move-meeting-here",
          onclick: () => moveMeeting(meeting.id, option.date, option.slot) }, "ここへ"))))),
    el("div", { className: "actions" },
      el("button", { type: "button", "data-pin-meeting": "place", onclick: () => pinOther("/api/pin-meeting", { meeting: meeting.id, how: "place" }, `${meeting.id} をこの日に固定しました`) }, "この日に固定"),
      el("button", { type: "button", "data-pin-meeting": "none", onclick: () => pinOther("/api/pin-meeting", { meeting: meeting.id, how: "none" }, `${meeting.id} の固定を外しました`) }, "固定を外す")),
    el("p", {}, pinned ? "いま固定されています。" : ""));
}

function showDay(officer, date, onDuty) {
  const pinned = (state.pinned_duty || []).includes(`${officer} ${date}`);
  document.getElementById("options").replaceChildren(
    el("h2", {}, `${officer} の ${date}`),
    el("p", {}, onDuty ? "勤務日です。固定すると、再計画でもこの日は勤務のままです。" : "勤務日ではありません（勤務日だけ固定できます）。"),
    onDuty ? el("div", { className: "actions" },
      el("button", { type: "button", "data-pin-duty": "place", onclick: () => pinOther("/api/pin-duty", { officer, date, how: "place" }, `${officer} の ${date} を固定しました`) }, "勤務日を固定"),
      el("button", { type: "button", "data-pin-duty": "none", onclick: () => pinOther("/api/pin-duty", { officer, date, how: "none" }, `${officer} の ${date} の固定を外しました`) }, "固定を外す")) : null,
    el("p", {}, pinned ? "いま固定されています。" : ""));
}

async function moveMeeting(id, date, slot, confirmed) {
  try {
    apply(await api("/api/move-meeting", { meeting: id, date, slot, confirm: Boolean(confirmed) }));
    say(`${id} を ${date} へ移しました`);
  } catch (error) {
    if (error.status === 409 && error.answer.broken) {
      const words = error.answer.broken.map((rule) => `・${rule.words} [${rule.rule}]`).join("\n");
      if (window.confirm(`この移動は規則を破ります:\n${words}\nそれでも移しますか？`)) return moveMeeting(id, date, slot, true);
      say("移動を取りやめました");
      return;
    }
    say(error.message, true);
  }
}

async function pinOther(path, body, done) {
  try {
    apply(await api(path, body));
    say(done);
  } catch (error) {
    say(error.message, true);
  }
}

function renderTerms() {
  document.getElementById("terms").replaceChildren(
    el("h2", {}, "目的関数の内訳"),
    el("table", { className: "options" },
      el("tr", {}, el("th", {}, "項目"), el("th", {}, "値"), el("th", {}, "重み"), el("th", {}, "計")),
      state.terms.map((term) => el("tr", {}, el("td", { title: term.name }, term.label), el("td", {}, number(term.value)),
        el("td", {}, term.weight), el("td", {}, number(term.weighted))))));
}

function renderJournal() {
  document.getElementById("journal").replaceChildren(
    el("h2", {}, "編集の記録"),
    el("ol", {}, state.history.slice(1).map((label) => el("li", {}, label))),
    el("p", { className: "hint" }, `保存先: ${state.saved_to}`));
}

function termLabel(name) {
  const term = state.terms.find((entry) => entry.name === name);
  return term ? term.label : name;
}

async function showOptions(key) {
  selected = key;
  renderGrid();
  let answer;
  try {
    answer = await api(`/api/options?visit=${encodeURIComponent(key)}`);
  } catch (error) {
    say(error.message, true);
    return;
  }
  const pinned = answer.pinned;
  const pins = [["place", "この日時・担当で固定"], ["date", "日付のみ固定"], ["officer", "担当者のみ固定"], ["none", "固定を外す"]];
  document.getElementById("options").replaceChildren(
    el("h2", {}, `${answer.facility}（${answer.round}）`),
    el("p", {}, `いま: ${answer.date} ${slotJa[answer.slot]} ${answer.officer}${pinned ? "（固定: " + pinned + "）" : ""}`),
    el("div", { className: "actions" }, pins.map(([how, label]) => el("button", { type: "button", "data-pin": how, onclick: () => pin(key, how) }, label))),
    el("p", { className: "hint" }, `移せる先 ${answer.options.length} 件（安い順、規則違反は後ろ）。目的関数の変化は各項目の変化の和です。`),
    el("table", { className: "options" },
      el("tr", {}, el("th", {}, "日付"), el("th", {}, ""), el("th", {}, "担当"), el("th", {}, "変化"), el("th", {}, "待ち時間"), el("th", {}, "内訳・規則"), el("th", {}, "")),
      answer.options.map((option) => el("tr", { className: [option.current ? "current" : "", option.broken.length ? "breaks" : ""].join(" ") },
        el("td", {}, option.date), el("td", {}, slotJa[option.slot]), el("td", {}, option.officer),
        el("td", { className: "change" }, signed(option.change)), el("td", {}, signed(option.waiting_change)),
        el("td", { className: "why" }, Object.entries(option.terms).map(([name, value]) => `${termLabel(name)} ${signed(value)}`).join("、"),
          option.broken.map((rule) => el("div", {}, `${rule.words} [${rule.rule}]`))),
        el("td", {}, option.current || pinned ? "" : el("button", { type: "button", className: "move-here",
          onclick: () => move(key, option.date, option.slot, option.officer) }, "ここへ"))))));
}

async function move(key, date, slot, officer, confirmed) {
  try {
    apply(await api("/api/move", { visit: key, date, slot, officer, confirm: Boolean(confirmed) }));
    say(`${key} を ${date} ${slotJa[slot]} ${officer} へ移しました`);
    if (selected === key) showOptions(key);
  } catch (error) {
    if (error.status === 409 && error.answer.broken) {
      const words = error.answer.broken.map((rule) => `・${rule.words} [${rule.rule}]`).join("\n");
      if (window.confirm(`この移動は規則を破ります:\n${words}\nそれでも移しますか？`)) return move(key, date, slot, officer, true);
      say("移動を取りやめました");
      return;
    }
    say(error.status === 409 ? "他の画面で計画が変わりました。再読み込みしてください（reload）" : error.message, true);
  }
}

async function pin(key, how) {
  try {
    apply(await api("/api/pin", { visit: key, how }));
    say(how === "none" ? `${key} の固定を外しました` : `${key} を固定しました`);
    showOptions(key);
  } catch (error) {
    say(error.message, true);
  }
}

async function post(path, done) {
  try {
    const answer = await api(path, {});
    apply(answer);
    if (done) say(typeof done === "function" ? done(answer) : done);
    return answer;
  } catch (error) {
    say(error.status === 409 && !error.answer.broken ? "他の画面で計画が変わりました。再読み込みしてください（reload）" : error.message, true);
    return null;
  }
}

async function startReplan() {
  const asOf = document.getElementById("replan-from").value;
  const until = document.getElementById("replan-until").value || null;
  const limit = Number(document.getElementById("replan-limit").value);
  try {
    await api("/api/replan/start", { as_of: asOf, until, time_limit: limit });
  } catch (error) {
    say(error.message, true);
    return;
  }
  say("再計画しています…");
  renderReplan({ running: true, lines: [] });
  polling = setInterval(pollReplan, 500);
}

async function pollReplan() {
  const answer = await api("/api/replan");
  renderReplan(answer);
  if (!answer.running) {
    clearInterval(polling);
    polling = null;
    say(answer.proposal ? "再計画の案ができました。違いを確かめて採用してください" : `再計画: ${answer.status || ""} ${answer.reason || ""}`);
  }
}

function renderReplan(answer) {
  const panel = document.getElementById("replan-panel");
  const parts = [el("h2", {}, "再計画")];
  if (answer.running) parts.push(el("button", { type: "button", id: "cancel-replan", onclick: () => post("/api/replan/cancel", "再計画を取り消しました").then(() => renderReplan({ running: false, lines: [] })) }, "中止"));
  if (answer.lines && answer.lines.length) parts.push(el("pre", { className: "progress" }, answer.lines.join("\n")));
  const proposal = answer.proposal;
  if (proposal) {
    parts.push(
      el("p", {}, `状態 ${proposal.status}、目的関数 ${number(proposal.objective_before)} → ${number(proposal.objective_after)}（${signed(proposal.objective_after - proposal.objective_before)}）、規則違反 ${proposal.violations} 件`),
      el("p", {}, `変わる訪問 ${proposal.rows.length} 件。知らせる推進員: ${proposal.officers.join(" ") || "なし"}。知らせる施設: ${proposal.facilities.join(" ") || "なし"}（事前連絡なしの訪問の施設には知らせません）`),
      el("table", { className: "options" },
        el("tr", {}, el("th", {}, "変更"), el("th", {}, "対象"), el("th", {}, "前"), el("th", {}, "後")),
        proposal.rows.map((row) => el("tr", {}, el("td", {}, row.change), el("td", {}, `${row.item} ${row.round}`),
          el("td", {}, `${row.old_date} ${row.old_slot} ${row.old_officer}`), el("td", {}, `${row.new_date} ${row.new_slot} ${row.new_officer}`)))),
      el("button", { type: "button", id: "accept-replan", onclick: () => post("/api/replan/accept", "再計画を採用しました").then(() => renderReplan({})) }, "採用する"),
      el("button", { type: "button", id: "discard-replan", onclick: () => post("/api/replan/discard", "再計画を捨てました").then(() => renderReplan({})) }, "捨てる"));
  } else if (answer.status && !answer.running) {
    parts.push(el("p", {}, `${answer.status}: ${answer.reason || ""}`));
  }
  panel.replaceChildren(...(parts.length > 1 ? parts : []));
}

document.getElementById("undo").onclick = () => post("/api/undo", "元に戻しました");
document.getElementById("redo").onclick = () => post("/api/redo", "やり直しました");
document.getElementById("pin-announced").onclick = () => post("/api/pin-announced", "通知する訪問を日付で固定しました");
document.getElementById("save").onclick = () => post("/api/save", (answer) => `保存しました: ${answer.saved}`);
document.getElementById("replan").onclick = startReplan;
load().catch((error) => say(error.message, true));
