// magnerve explorer: the state lives in the URL; every change reloads the plots (with a loading indicator), the
// readouts table and the download links. document.body.dataset.ready holds the query once all of it has loaded.
"use strict";

const SLIDERS = ["brain_mg", "brain_ca", "brain_k", "nerve_mg", "nerve_ca", "nerve_k", "nerve_ph", "intake", "days"];
const PLOTS = ["iv", "network", "motor", "person"];
const MILIEU = {brain_mg: ["brain", "mg_o"], brain_ca: ["brain", "ca_o"], brain_k: ["brain", "k_o"],
                nerve_mg: ["nerve", "mg_o"], nerve_ca: ["nerve", "ca_o"], nerve_k: ["nerve", "k_o"],
                nerve_ph: ["nerve", "ph"]};
const RETRIES = 24;  // a busy server (503) is asked again after its Retry-After, at most this many times
const $ = id => document.getElementById(id);
let generation = 0;
let timer = null;

// fetch that waits and asks again while the server answers 503 (busy, or compiling at start-up)
async function patient(url, gen, say) {
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(url);
    if (r.status !== 503 || attempt === RETRIES || gen !== generation) return r;
    const wait = Number(r.headers.get("Retry-After") || 5);
    say(`${(await r.json()).error} (asking again in ${wait} s)`);
    await new Promise(done => setTimeout(done, 1000 * wait));
  }
}

function show(id) { $(id + "-value").textContent = $(id).value; }  // what the slider holds is what is sent

function query() {
  const q = new URLSearchParams();
  for (const id of SLIDERS) q.set(id, $(id).value);
  q.set("routes", $("routes").value);
  q.set("person", $("person-mode").checked ? "1" : "0");
  return q.toString();
}

function fromUrl() {
  const q = new URLSearchParams(location.search);
  for (const id of SLIDERS) if (q.has(id)) { $(id).value = q.get(id); }
  if (q.has("routes")) $("routes").value = q.get("routes");
  $("person-mode").checked = q.get("person") === "1";
  SLIDERS.forEach(show);
  personMode();
}

function personMode() {
  const on = $("person-mode").checked;
  for (const id of Object.keys(MILIEU)) $(id).disabled = on;
}

async function loadPlot(name, q, gen) {
  const box = $(name + "-box");
  box.classList.add("loading");
  $(name + "-message").textContent = "";
  $(name + "-csv").href = `/data/${name}.csv?${q}`;
  $(name + "-nc").href = `/data/${name}.nc?${q}`;
  try {
    const r = await patient(`/plot/${name}.png?${q}`, gen, text => { $(name + "-message").textContent = text; });
    if (gen !== generation) return;
    $(name + "-message").textContent = "";
    if (!r.ok) { $(name + "-message").textContent = (await r.json()).error; return; }
    const img = $(name);
    const old = img.src;
    img.src = URL.createObjectURL(await r.blob());
    await img.decode();
    if (old.startsWith("blob:")) URL.revokeObjectURL(old);
  } finally {
    if (gen === generation) box.classList.remove("loading");
  }
}

async function loadTable(q, gen) {
  $("readouts-csv").href = `/data/readouts.csv?${q}`;
  $("readouts-nc").href = `/data/readouts.nc?${q}`;
  const r = await patient("/api/phenotypes?" + q, gen, text => { $("status").textContent = text; });
  const data = await r.json();
  if (gen !== generation) return;
  if (!r.ok) { $("error").textContent = data.error; return; }
  const body = document.querySelector("#table tbody");
  body.replaceChildren(...data.rows.map(row => {
    const tr = document.createElement("tr");
    const value = row.value === null ? "none" : `${row.value.toFixed(3)} ${row.unit}`;
    for (const text of [row.where, row.phenotype, value, row.mechanism]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
  if ($("person-mode").checked) {  // the diet set both milieus: show them on the (disabled) sliders
    for (const [id, [side, field]] of Object.entries(MILIEU)) { $(id).value = data.milieus[side][field]; show(id); }
  }
}

async function refresh() {
  const gen = ++generation;
  const q = query();
  history.replaceState(null, "", "?" + q);
  $("error").textContent = "";
  $("status").textContent = "computing...";
  await Promise.allSettled([loadTable(q, gen), ...PLOTS.map(name => loadPlot(name, q, gen))]);
  if (gen !== generation) return;
  $("status").textContent = "";
  document.body.dataset.ready = q;
}

function later() { clearTimeout(timer); timer = setTimeout(refresh, 200); }

async function applyPreset(name, note) {
  const r = await fetch(`/api/preset/${name}`);
  const values = await r.json();
  if (!r.ok) { $("error").textContent = values.error; return; }
  $("person-mode").checked = false;
  personMode();
  for (const [id, value] of Object.entries(values)) { $(id).value = value; show(id); }
  $("preset-note").textContent = note;
  refresh();
}

for (const id of SLIDERS) $(id).addEventListener("input", () => { show(id); later(); });
$("routes").addEventListener("change", refresh);
$("person-mode").addEventListener("change", () => { personMode(); refresh(); });
for (const button of document.querySelectorAll("[data-preset]")) {
  button.addEventListener("click", () => applyPreset(button.dataset.preset, button.title));
}
fromUrl();
refresh();
