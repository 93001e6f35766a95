/* nyttonb portfolj.html: sorting, filtering, checked set with totals, charts. No network. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("portfolio-data").textContent);
  var locale = JSON.parse(document.getElementById("portfolio-locale").textContent);
  var specs = JSON.parse(document.getElementById("portfolio-specs").textContent);
  var table = document.getElementById("portfolio");
  var body = table.tBodies[0];
  var trs = [];
  var texts = [];
  var picked = new Uint8Array(data.length);
  var collator = new Intl.Collator("sv", { sensitivity: "base", numeric: true });
  var whole = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 0 });
  var oneDecimal = new Intl.NumberFormat("sv-SE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  for (var r = 0; r < body.rows.length; r++) {
    var tr = body.rows[r];
    var i = parseInt(tr.getAttribute("data-i"), 10);
    trs[i] = tr;
    texts[i] = [data[i].organisation, data[i]["case"], data[i].variant].join(" ").toLocaleLowerCase("sv");
  }

  function kr(x) { return whole.format(Math.round(x)).replace("-", "\u2212") + "\u00a0kr"; }

  // Sorting -------------------------------------------------------------------------------
  var heads = table.tHead.rows[0].cells;
  function sortBy(th) {
    var key = th.getAttribute("data-key");
    var numeric = th.getAttribute("data-type") === "number";
    var asc = th.getAttribute("aria-sort") !== "ascending";
    var order = [];
    for (var k = 0; k < data.length; k++) { order.push(k); }
    order.sort(function (a, b) {
      var x = data[a][key], y = data[b][key];
      var xm = x === null || x === undefined, ym = y === null || y === undefined;
      if (xm || ym) { return xm === ym ? a - b : (xm ? 1 : -1); }  // missing values last
      var c = numeric ? x - y : collator.compare(String(x), String(y));
      if (c === 0) { return a - b; }
      return asc ? c : -c;
    });
    var fragment = document.createDocumentFragment();
    for (var n = 0; n < order.length; n++) { fragment.appendChild(trs[order[n]]); }
    body.appendChild(fragment);
    for (var h = 0; h < heads.length; h++) { heads[h].removeAttribute("aria-sort"); }
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  }
  for (var h = 0; h < heads.length; h++) {
    var button = heads[h].querySelector("button");
    if (button) {
      button.addEventListener("click", (function (th) { return function () { sortBy(th); }; })(heads[h]));
    }
  }

  // Filtering -----------------------------------------------------------------------------
  var filter = document.getElementById("filter");
  var count = document.getElementById("count");
  function applyFilter() {
    var q = filter.value.trim().toLocaleLowerCase("sv");
    var shown = 0;
    for (var k = 0; k < data.length; k++) {
      var hit = q === "" || texts[k].indexOf(q) !== -1;
      trs[k].hidden = !hit;
      shown += hit ? 1 : 0;
    }
    count.textContent = shown + " av " + data.length + " analyser visas";
  }
  filter.addEventListener("input", applyFilter);

  // The chosen set and its totals ---------------------------------------------------------
  function chosen() {
    var set = [];
    for (var k = 0; k < data.length; k++) { if (picked[k]) { set.push(k); } }
    return set;
  }
  function setValue(id, value, text) {
    var el = document.getElementById(id);
    el.setAttribute("data-value", String(value));
    el.textContent = text;
  }
  // Calendar years sum the analyses with a start year only; "år 1" … are shown apart.
  function budgetOf(set) {
    var byLabel = {};
    var labels = [];
    set.forEach(function (k) {
      if (!data[k].dated) { return; }
      data[k].budget.forEach(function (y) {
        if (!(y[1] in byLabel)) { byLabel[y[1]] = { year: y[0], label: y[1], net: 0 }; labels.push(y[1]); }
        byLabel[y[1]].net += y[2];
      });
    });
    var years = labels.map(function (l) { return byLabel[l]; });
    years.sort(function (a, b) { return a.year - b.year; });
    return years;
  }
  function cell(tag, text, value) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (tag === "th") { el.scope = "row"; }
    if (value !== undefined) { el.className = "num"; el.setAttribute("data-value", String(value)); }
    return el;
  }
  function showUndated(set) {
    var undated = set.filter(function (k) { return !data[k].dated; });
    var fragment = document.createDocumentFragment();
    undated.forEach(function (k) {
      data[k].budget.forEach(function (y) {
        var tr = document.createElement("tr");
        tr.appendChild(cell("th", name(k)));
        tr.appendChild(cell("td", y[1]));
        tr.appendChild(cell("td", kr(y[2]), y[2]));
        fragment.appendChild(tr);
      });
    });
    var tbody = document.getElementById("budget-relative").tBodies[0];
    tbody.textContent = "";
    tbody.appendChild(fragment);
    document.getElementById("budget-undated").hidden = undated.length === 0;
  }
  function update() {
    var set = chosen();
    var all = set.length === 0;
    if (all) { for (var k = 0; k < data.length; k++) { set.push(k); } }
    var net = 0, fin = 0, fte = 0;
    set.forEach(function (k) { net += data[k].net_benefit; fin += data[k].financial_net_benefit; fte += data[k].freed_fte; });
    setValue("total-count", all ? 0 : set.length,
      all ? "inga markerade – summan gäller alla " + data.length : set.length + " av " + data.length);
    setValue("total-net", net, kr(net));
    setValue("total-financial", fin, kr(fin));
    setValue("total-fte", fte, oneDecimal.format(fte).replace("-", "\u2212") + "\u00a0årsarbetskrafter per år i genomsnitt");
    var years = budgetOf(set);
    var tbody = document.getElementById("budget").tBodies[0];
    var fragment = document.createDocumentFragment();
    years.forEach(function (y) {
      var tr = document.createElement("tr");
      tr.appendChild(cell("th", y.label));
      tr.appendChild(cell("td", kr(y.net), y.net));
      fragment.appendChild(tr);
    });
    tbody.textContent = "";
    tbody.appendChild(fragment);
    showUndated(set);
    scheduleCharts(set, years);
  }
  body.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("pick")) { return; }
    var i = parseInt(box.closest("tr").getAttribute("data-i"), 10);
    picked[i] = box.checked ? 1 : 0;
    update();
  });
  function pickAll(value, onlyShown) {
    for (var k = 0; k < data.length; k++) {
      if (onlyShown && trs[k].hidden) { continue; }
      picked[k] = value ? 1 : 0;
      trs[k].querySelector("input.pick").checked = value;
    }
    update();
  }
  document.getElementById("pick-shown").addEventListener("click", function () { pickAll(true, true); });
  document.getElementById("pick-none").addEventListener("click", function () { pickAll(false, false); });

  // Charts --------------------------------------------------------------------------------
  var pending = null;
  function scheduleCharts(set, years) {
    if (pending !== null) { clearTimeout(pending); }
    pending = setTimeout(function () {
      pending = null;
      whenVega(function () { drawCharts(set, years); });
    }, 60);
  }
  function name(k) { return data[k].organisation + " – " + data[k].variant; }
  // The Vega bundle loads after the table (async): the table sorts and totals at once, and the
  // charts are drawn when the bundle has arrived.
  var bundle = document.getElementById("vega-bundle");
  var bundleFailed = false;
  var waiting = null;
  function runWaiting() { if (waiting) { var draw = waiting; waiting = null; draw(); } }
  if (bundle) {
    bundle.addEventListener("load", runWaiting);
    bundle.addEventListener("error", function () { bundleFailed = true; runWaiting(); });
  }
  function whenVega(draw) {
    if (typeof window.vegaEmbed === "function" || bundleFailed || !bundle) { draw(); return; }
    waiting = draw;  // only the latest selection is drawn once the bundle is there
  }
  function embed(id, spec, many) {
    var el = document.getElementById(id);
    if (typeof window.vegaEmbed !== "function") {
      el.textContent = "Diagrammen kräver filen assets/vega.js, som saknas.";
      return null;
    }
    return window.vegaEmbed(el, spec, { actions: false, renderer: many ? "canvas" : "svg", formatLocale: locale })
      .catch(function (error) { el.textContent = "Diagrammet kunde inte ritas: " + error; });
  }
  function filled(key, values) {
    var spec = JSON.parse(JSON.stringify(specs[key]));
    spec.data = { values: values };
    return spec;
  }
  var matrixTurn = 0;
  function drawCharts(set, years) {
    var many = set.length > 200;
    var points = set.map(function (k) {
      var d = data[k];
      return { name: name(k), costs: d.costs, net_benefit: d.net_benefit, freed_fte: d.freed_fte,
               prob_positive: d.prob_positive, urgency: d.urgency, feasibility: d.feasibility };
    });
    var drawn = [embed("chart-bubble", filled("bubble", points), many)];
    var rated = points.filter(function (p) { return p.urgency !== null && p.feasibility !== null; });
    document.getElementById("unrated").textContent = (points.length - rated.length) + " av " +
      points.length + " analyser saknar bedömning.";
    // With no rated analysis in the set the matrix would be an empty frame: drawn (so it is
    // ready when a rated one is picked), then hidden; the sentence above says why.
    var box = document.getElementById("chart-matrix"), turn = ++matrixTurn;
    box.style.display = "";  // not the hidden attribute: vega-embed's CSS shows the box
    var matrix = embed("chart-matrix", filled("matrix", rated), false);
    drawn.push(matrix);
    Promise.resolve(matrix).then(function () {
      if (turn === matrixTurn && rated.length === 0) { box.style.display = "none"; }
    });
    var bars = [];
    set.forEach(function (k) {
      if (!data[k].dated) { return; }
      data[k].budget.forEach(function (y) { bars.push({ label: y[1], net: y[2], name: name(k) }); });
    });
    var budget = filled("budget", bars);
    budget.encoding.x.sort = years.map(function (y) { return y.label; });
    if (set.length > 12) { budget.encoding.color.legend = null; }
    drawn.push(embed("chart-budget", budget, many));
    Promise.all(drawn).then(function () {  // for benchmarks/portfolio_page_bench.py
      if (window.performance && performance.mark) { performance.mark("portfolj-diagram"); }
    });
  }

  applyFilter();
  update();
  document.documentElement.setAttribute("data-ready", "true");
  if (window.performance && performance.mark) { performance.mark("portfolj-klar"); }  // benchmark
})();
