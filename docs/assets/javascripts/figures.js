// Explorable figures: every figure.plot[data-figure] gets a marker that reads the plotted
// values along x (pointer, touch or keys), from the readout file <stem>.json the build
// writes next to the figure's SVG. Atlas pages with parameters switch the figure, its
// numbers and its code to the chosen values; the overview compares any activations. The
// state lives in the query string. Without this script, or when anything is missing, the
// static figure stays as the build wrote it. No dependencies; it works offline.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var MINUS = "\u2212";
  var SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  var CYCLE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]; // matplotlib's colour cycle
  // matplotlib's dash patterns at its line width of 1.5 (lines.dashed_pattern and
  // lines.dotted_pattern, scaled by the width).
  var DASHES = { "-": "none", "--": "5.55 2.4", ":": "1.5 2.475" };
  var STEPS = { ArrowLeft: -1, ArrowRight: 1, PageDown: -10, PageUp: 10 };
  var text = { label: "{n}", hint: "", none: "" };
  var readouts = {}; // URL -> promise of its parsed readout file, or of null if it failed
  var query = new URLSearchParams(location.search);

  function isNumber(text) {
    return typeof text === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(text);
  }

  function has(object, key) {
    return object !== null && typeof object === "object" &&
      Object.prototype.hasOwnProperty.call(object, key);
  }

  function ignore() {
    // a promise's failure leaves the figure as it is
  }

  function numbers(values, length) {
    return Array.isArray(values) && values.length === length && values.every(Number.isFinite);
  }

  function parseJson(source) {
    try {
      return JSON.parse(source);
    } catch (error) {
      return null;
    }
  }

  // --- numbers: shown exactly as the CSV rounds them ------------------------------------

  // Quantised arrays hold integer steps; their running sums are exact integers.
  function runningSums(steps) {
    var sum = 0;
    return steps.map(function (step) {
      sum += step;
      if (!Number.isSafeInteger(sum)) {
        throw new TypeError("bad readout");
      }
      return sum;
    });
  }

  // n / 10^q with exactly q decimals, by integer formatting (no float rounding); a zero
  // never gets a sign.
  function fixed(n, q) {
    var digits = String(Math.abs(n)).padStart(q + 1, "0");
    var cut = digits.length - q;
    return (n < 0 ? MINUS : "") + digits.slice(0, cut) + (q ? "." + digits.slice(cut) : "");
  }

  function superscript(power) {
    return String(power).replace(/./g, function (c) {
      return c === "-" ? "⁻" : SUPERSCRIPT[c];
    });
  }

  // A value already rounded to `digits` significant digits: 2.344 × 10⁻⁵, or 0.01335.
  function significant(value, digits) {
    digits = Math.min(Math.max(digits | 0, 1), 17);
    var parts = value.toExponential(digits - 1).split("e");
    var power = Number(parts[1]);
    var shown = value !== 0 && (power < -3 || power >= 4)
      ? parts[0] + " × 10" + superscript(power)
      : value.toFixed(Math.max(0, digits - 1 - power));
    return shown.replace("-", MINUS);
  }

  // --- readout files --------------------------------------------------------------------

  function parseSeries(entry, panels) {
    var values = entry.v;
    if (!panels[entry.panel]) {
      throw new TypeError("bad readout");
    }
    if (Array.isArray(values)) {
      return describe(entry, function (i) { return values[i]; }, function (i) {
        return typeof values[i] === "number" ? significant(values[i], entry.sig) : "–";
      });
    }
    var sums = runningSums(entry.d);
    var scale = Math.pow(10, entry.q);
    return describe(entry, function (i) { return sums[i] / scale; }, function (i) {
      return fixed(sums[i], entry.q);
    });
  }

  // A curve: its label and look, its values (`at`) and their text (`show`). A quiet curve
  // (a hidden unit's share) is drawn but left out of the readout.
  function describe(entry, at, show) {
    return { label: String(entry.label), panel: entry.panel, colour: entry.colour,
      dash: entry.dash, width: Number(entry.width) || 1.5, quiet: entry.quiet === true,
      at: at, show: show };
  }

  // The file as the figure uses it, checked enough that nothing later can throw.
  function parseReadout(file) {
    var x = file.x || { q: 0, d: [] };
    var sums = runningSums(x.d);
    var scale = Math.pow(10, x.q);
    var panels = file.panels;
    var good = numbers(file.box, 2) && Array.isArray(panels) && panels.length &&
      panels.every(function (panel) {
        return numbers(panel.x, 2) && numbers(panel.y, 2) && numbers(panel.box, 4);
      });
    if (!good) {
      throw new TypeError("bad readout");
    }
    return {
      box: file.box, panels: panels,
      series: (file.series || []).map(function (entry) { return parseSeries(entry, panels); }),
      xs: sums.map(function (n) { return n / scale; }),
      showX: function (i) { return fixed(sums[i], x.q); },
      xLabel: typeof file.xlabel === "string" && file.xlabel ? file.xlabel : "x",
    };
  }

  // Each file is fetched once per page; a failure leaves whatever needs it static.
  function readout(stem) {
    var url = stem + ".json";
    if (!has(readouts, url)) {
      readouts[url] = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (file) {
          return file && parseReadout(file);
        })
        .catch(function () {
          return null;
        });
    }
    return readouts[url];
  }

  // --- geometry -------------------------------------------------------------------------

  function toU(panel, x) {
    return panel.x[0] * x + panel.x[1];
  }

  function toV(panel, y) {
    return panel.y[0] * (panel.log ? Math.log10(y) : y) + panel.y[1];
  }

  // The grid index whose x is nearest to `x` (the grid ascends), clamped to the grid.
  function nearest(xs, x) {
    var low = 0;
    var high = xs.length - 1;
    while (high - low > 1) {
      var middle = (low + high) >> 1;
      if (xs[middle] <= x) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return Math.abs(xs[high] - x) < Math.abs(x - xs[low]) ? high : low;
  }

  function svgElement(parent, name, attributes) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    parent.appendChild(element);
    return element;
  }

  function htmlElement(parent, name, className) {
    var element = document.createElement(name);
    element.className = className;
    parent.appendChild(element);
    return element;
  }

  function swatch(parent, colour, dash) {
    var mark = htmlElement(parent, "span", "plot-swatch");
    mark.style.color = colour;
    mark.style.borderTopStyle = dash === ":" ? "dotted" : dash && dash !== "-" ? "dashed" : "solid";
    mark.setAttribute("aria-hidden", "true");
  }

  // --- one figure -----------------------------------------------------------------------

  function enhance(element, stem) {
    var images = element.querySelectorAll(":scope > img");
    var box = document.createElement("div");
    var figure = {
      element: element, stem: stem, model: null, index: -1, x: null, message: text.hint,
      box: box, images: images,
    };
    box.className = "plot-box";
    element.insertBefore(box, images[0] || element.firstChild);
    images.forEach(function (image) {
      box.appendChild(image);
    });
    figure.overlay = svgElement(box, "svg", { class: "plot-overlay", "aria-hidden": "true" });
    figure.curves = svgElement(figure.overlay, "g", {});
    figure.marker = svgElement(figure.overlay, "g", { class: "plot-marker" });
    figure.layer = htmlElement(box, "div", "plot-layer");
    figure.output = document.createElement("output");
    figure.output.className = "plot-readout";
    figure.output.setAttribute("aria-live", "polite");
    element.insertBefore(figure.output, box.nextSibling);
    setUpLayer(figure);
    showReadout(figure);
    return figure;
  }

  function setUpLayer(figure) {
    var layer = figure.layer;
    var number = figure.element.id.replace(/^figure-/, "");
    layer.tabIndex = 0;
    layer.setAttribute("role", "slider");
    layer.setAttribute("aria-label", text.label.replace("{n}", number));
    layer.setAttribute("aria-valuenow", "0");
    layer.setAttribute("aria-valuetext", text.hint);
    layer.addEventListener("focus", function () {
      load(figure);
    });
    // The first touch or hover fetches the readout, then reads where it happened.
    ["pointerenter", "pointerdown"].forEach(function (type) {
      layer.addEventListener(type, function (event) {
        load(figure).then(function () {
          pointAt(figure, event);
        }).catch(ignore);
      });
    });
    layer.addEventListener("pointermove", function (event) {
      pointAt(figure, event);
    });
    layer.addEventListener("keydown", function (event) {
      onKey(figure, event);
    });
  }

  // The figure's readout, fetched now if not yet; resolves to the model or null.
  function load(figure) {
    var stem = figure.stem;
    if (!figure.model && figure.pending) { // a drawn choice brings its own model
      return figure.pending.then(function () { return figure.model; });
    }
    if (!figure.model && figure.compare) { // the comparison's model comes with its curves
      var state = figure.compare;
      state.drawing = state.drawing || drawComparison(state);
      return state.drawing.then(function () { return figure.model; });
    }
    if (figure.model || !stem) {
      return Promise.resolve(figure.model);
    }
    return readout(stem).then(function (model) {
      if (figure.stem === stem && !figure.model) {
        setModel(figure, model);
      }
      return figure.model;
    }).catch(ignore);
  }

  function setModel(figure, model) {
    var xs = model && model.xs;
    figure.model = model;
    if (model) {
      figure.overlay.setAttribute("viewBox", "0 0 " + model.box[0] + " " + model.box[1]);
    }
    if (!xs || !xs.length) {
      figure.index = -1;
    } else {
      var asked = figure.asked; // from the URL: used if it lies on the grid
      if (asked >= xs[0] && asked <= xs[xs.length - 1] && figure.x === null) {
        figure.x = asked;
      }
      figure.layer.setAttribute("aria-valuemin", String(xs[0]));
      figure.layer.setAttribute("aria-valuemax", String(xs[xs.length - 1]));
      figure.index = figure.x === null ? -1 : nearest(xs, figure.x);
    }
    figure.asked = null;
    showMarker(figure);
    showReadout(figure);
  }

  function pointAt(figure, event) {
    var model = figure.model;
    var matrix = figure.overlay.getScreenCTM();
    if (!model || !model.xs.length || !matrix) {
      return;
    }
    var point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    var panel = model.panels[0];
    moveTo(figure, nearest(model.xs, (point.x - panel.x[1]) / panel.x[0]));
  }

  function onKey(figure, event) {
    var key = event.key;
    if (!has(STEPS, key) && key !== "Home" && key !== "End") {
      return;
    }
    event.preventDefault();
    var step = (STEPS[key] || 0) * (event.shiftKey && Math.abs(STEPS[key]) === 1 ? 10 : 1);
    load(figure).then(function (model) {
      return model || load(figure); // a parameter changed while it loaded: the new one's
    }).then(function (model) {
      var last = model ? model.xs.length - 1 : -1;
      if (last < 0) {
        return;
      }
      var index = figure.index < 0 ? nearest(model.xs, 0) : figure.index + step; // first: x = 0
      moveTo(figure, key === "Home" ? 0 : key === "End" ? last : Math.max(0, Math.min(last, index)));
    }).catch(ignore);
  }

  function moveTo(figure, index) {
    if (index === figure.index) {
      return;
    }
    figure.index = index;
    figure.x = figure.model.xs[index];
    showMarker(figure);
    showReadout(figure);
    rememberX(figure);
  }

  // A thin rule through every panel at x, and a dot on each curve that is inside its panel.
  function showMarker(figure) {
    var model = figure.model;
    var index = figure.index;
    var marker = figure.marker;
    marker.textContent = "";
    if (!model || index < 0) {
      return;
    }
    var x = model.xs[index];
    model.panels.forEach(function (panel) {
      var u = toU(panel, x);
      svgElement(marker, "line", { class: "plot-rule", x1: u, x2: u, y1: panel.box[1], y2: panel.box[3] });
    });
    model.series.forEach(function (series) {
      if (series.quiet) {
        return;
      }
      var panel = model.panels[series.panel];
      var y = series.at(index);
      var v = typeof y === "number" && (!panel.log || y > 0) ? toV(panel, y) : NaN;
      if (v >= panel.box[1] - 0.5 && v <= panel.box[3] + 0.5) { // NaN fails both
        svgElement(marker, "circle", { class: "plot-dot", cx: toU(panel, x), cy: v, r: 3.5, fill: series.colour });
      }
    });
  }

  // "x = 1.20 · relu(x) = 1.2000 · ...", or the hint (or "none") before any reading.
  function showReadout(figure) {
    var model = figure.model;
    var index = figure.index;
    var output = figure.output;
    var layer = figure.layer;
    output.textContent = "";
    if (!model || index < 0) {
      output.textContent = figure.message;
      layer.setAttribute("aria-valuetext", figure.message);
      return;
    }
    var where = model.xLabel + " = " + model.showX(index);
    htmlElement(output, "span", "").textContent = where;
    model.series.filter(function (series) { return !series.quiet; }).forEach(function (series) {
      output.appendChild(document.createTextNode("\u00a0· ")); // a line never starts with "·"
      var item = htmlElement(output, "span", "");
      swatch(item, series.colour, series.dash);
      item.appendChild(document.createTextNode(series.label + " = " + series.show(index)));
    });
    layer.setAttribute("aria-valuenow", String(model.xs[index]));
    layer.setAttribute("aria-valuetext", where);
  }

  // --- the URL: ?name=value&x=1.24#figure-N, replaced (never pushed) --------------------

  var urlTimer = 0;

  function setUrl(change) {
    var url = new URL(location.href);
    var params = new URLSearchParams(url.search);
    change(params, url);
    url.search = params.toString().replace(/%2C/g, ",");
    try {
      history.replaceState(history.state, "", url.href);
    } catch (error) {
      // a page the browser will not let change its address keeps its old one
    }
  }

  // Once the marker stops moving: its x, and its figure as the hash. The x is taken
  // now, while the figure's numbers are there: a parameter changed meanwhile loads new
  // ones.
  function rememberX(figure) {
    var shown = figure.model.showX(figure.index).replace(MINUS, "-");
    clearTimeout(urlTimer);
    urlTimer = setTimeout(function () {
      setUrl(function (params, url) {
        params.set("x", shown);
        url.hash = figure.element.id;
      });
    }, 250);
  }

  // The x the URL asks for, if it is a finite number (the grid range is checked later).
  function askedX() {
    var raw = query.get("x");
    var x = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw) ? Number(raw) : NaN;
    return Number.isFinite(x) ? x : null;
  }

  // Put the marker at the URL's x once the figure's readout is there (see setModel).
  function restoreX(figure, x) {
    figure.asked = x;
    load(figure);
  }

  // --- parameters (atlas pages) ---------------------------------------------------------

  // Every part of the page that a choice of parameters changes (the figure's images and
  // its CSV link, the formulas, the sentence before the derivative, the parameter list,
  // the code, the table) was rendered by the build once per version, each marked with
  // the choices it holds for (data-choices). Choosing shows the chosen version of each
  // part and hides the others; the figure then reads its shown image's readout file.
  function setUpParameters(form, figure) {
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[name]"));
    if (!selects.length) {
      return;
    }
    function key() {
      return selects.map(function (select) {
        return select.name + "=" + select.value;
      }).join("&");
    }
    function offered(chosen) {
      return Array.prototype.some.call(figure.images, function (image) {
        return holds(image, chosen);
      });
    }
    form.reset(); // the page's own values, not ones the browser kept from an earlier visit
    var current = key();
    function choose() {
      var chosen = key();
      if (chosen !== current && offered(chosen)) {
        current = chosen;
        showChoice(figure, chosen);
      }
    }
    // The address's values, all or none: one that the page does not offer means the
    // address is not a view of this page, which then shows its default.
    var asked = selects.map(function (select) {
      var value = query.get(select.name);
      var known = Array.prototype.find.call(select.options, function (option) {
        return option.value === value || (isNumber(value) && Number(option.value) === Number(value));
      });
      return value === null ? null : known ? known.value : undefined; // "2" is the "2.0" offered
    });
    if (asked.indexOf(undefined) < 0) {
      selects.forEach(function (select, i) {
        if (asked[i] !== null) {
          select.value = asked[i];
        }
      });
    }
    selects.forEach(function (select) {
      select.addEventListener("change", function () {
        choose();
        setUrl(function (params) {
          selects.forEach(function (each) {
            params.set(each.name, each.value);
          });
        });
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.hidden = false;
    choose();
  }

  function holds(element, key) {
    return (element.getAttribute("data-choices") || "").split(" ").indexOf(key) >= 0;
  }

  function showChoice(figure, key) {
    document.querySelectorAll("[data-choices]").forEach(function (element) {
      element.hidden = !holds(element, key);
    });
    var shown = Array.prototype.find.call(figure.images, function (image) {
      return !image.hidden && image.hasAttribute("data-figure");
    });
    var reading = figure.model || figure.index >= 0;
    figure.stem = shown ? shown.getAttribute("data-figure") : figure.stem;
    figure.model = null; // until the choice's readout is there (the readout line stays)
    showMarker(figure);
    if (reading) {
      load(figure);
    }
  }

  // --- compare (the overview) -----------------------------------------------------------

  function setUpCompare(element) {
    var config = parseJson(element.getAttribute("data-compare"));
    var section = element.closest(".compare");
    var form = section && section.querySelector(".compare-controls");
    var kinds = config && config.frames && Object.keys(config.frames).filter(function (kind) {
      return has(config.series, kind) && Array.isArray(config.frames[kind]) && config.frames[kind].length;
    });
    if (!form || !kinds || !kinds.length || !has(config, "data") || !has(config, "titles")) {
      return null;
    }
    var state = { config: config, curve: kinds[0], selection: [], token: 0 };
    state.order = Array.prototype.map.call(form.querySelectorAll("input[name=compare]"), function (input) {
      return input.value;
    });
    var caption = element.querySelector("figcaption");
    state.alt = typeof config.alt === "string" ? config.alt : "";
    for (var i = 0; i < 2; i++) { // light, dark
      var image = document.createElement("img");
      image.loading = "lazy";
      image.alt = state.alt;
      element.insertBefore(image, caption);
    }
    var figure = enhance(element, null);
    figure.compare = state;
    state.figure = figure;
    state.legend = document.createElement("ul");
    state.legend.className = "compare-legend";
    element.insertBefore(state.legend, figure.output);
    restoreSelection(state, kinds);
    // Until the curves choose theirs, the widest frame: the figure is never empty.
    var frames = config.frames[state.curve];
    showFrame(state, frames[frames.length - 1]);
    form.reset();
    syncControls(form, state);
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name === "compare") {
        state.selection = state.selection.filter(function (name) { return name !== input.value; });
        if (input.checked) {
          state.selection.push(input.value);
        }
      } else if (input.name === "curve" && kinds.indexOf(input.value) >= 0) {
        state.curve = input.value;
      }
      state.drawing = drawComparison(state);
      setUrl(function (params) {
        params.set("compare", state.selection.join(","));
        params.set("curve", state.curve);
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    section.hidden = false;
    drawWhenSeen(state);
    return figure;
  }

  function restoreSelection(state, kinds) {
    var asked = query.get("compare");
    var known = (asked || "").split(",").filter(function (name, i, all) {
      return has(state.config.data, name) && all.indexOf(name) === i;
    });
    var valid = asked === "" || known.length; // "compare=" asks for none
    state.selection = valid ? known : (state.config.default || []).filter(function (name) {
      return has(state.config.data, name);
    });
    if (kinds.indexOf(query.get("curve")) >= 0) {
      state.curve = query.get("curve");
    }
  }

  function syncControls(form, state) {
    form.querySelectorAll("input").forEach(function (input) {
      input.checked = input.name === "compare"
        ? state.selection.indexOf(input.value) >= 0
        : input.value === state.curve;
    });
  }

  // The curves are fetched when the figure comes near the screen, not with the page.
  function drawWhenSeen(state) {
    if (!window.IntersectionObserver) {
      state.drawing = drawComparison(state);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        state.drawing = state.drawing || drawComparison(state);
      }
    }, { rootMargin: "400px" });
    observer.observe(state.figure.element);
  }

  // The figure's two images, light then dark (as the build writes them), from `stem`.
  function showImages(figure, stem) {
    figure.images.forEach(function (image, i) {
      image.src = stem + (i ? "-dark.svg#only-dark" : ".svg#only-light");
    });
  }

  function showFrame(state, frame) {
    showImages(state.figure, String(frame.figure));
    state.figure.images.forEach(function (image) {
      image.width = frame.width;
      image.height = frame.height;
    });
  }

  function drawComparison(state) {
    var token = ++state.token;
    var config = state.config;
    var names = state.selection.slice();
    var index = config.series[state.curve];
    return Promise.all(names.map(function (name) {
      return readout(String(config.data[name]));
    })).then(function (models) {
      var curves = [];
      models.forEach(function (model, k) {
        var series = model && model.series[index];
        if (series) {
          // Each activation keeps its own colour and line style whatever else is chosen:
          // by its place on the page, ten colours, then dashed, then dotted.
          var place = Math.max(0, state.order.indexOf(names[k]));
          curves.push({ model: model, series: series, title: String(config.titles[names[k]] || names[k]),
            colour: CYCLE[place % 10], dash: ["-", "--", ":"][Math.floor(place / 10) % 3] });
        }
      });
      var frames = config.frames[state.curve];
      var frame = frames.find(function (f) { return fits(curves, f.ylim); }) || frames[frames.length - 1];
      return readout(String(frame.figure)).then(function (frameModel) {
        if (token === state.token && frameModel && frameModel.panels.length) {
          showFrame(state, frame);
          showCurves(state, curves, frameModel);
        }
      });
    }).catch(ignore);
  }

  function fits(curves, ylim) {
    return Array.isArray(ylim) && curves.every(function (curve) {
      for (var i = 0; i < curve.model.xs.length; i++) {
        var y = curve.series.at(i);
        if (y < ylim[0] || y > ylim[1]) {
          return false;
        }
      }
      return true;
    });
  }

  // Curves drawn over a frame's panel, clipped to it: each { xs, series, colour, dash }.
  function drawPaths(figure, panel, curves) {
    var clip = "curves-clip-" + figure.element.id;
    var group = figure.curves;
    group.textContent = "";
    svgElement(svgElement(group, "clipPath", { id: clip }), "rect", {
      x: panel.box[0], y: panel.box[1], width: panel.box[2] - panel.box[0], height: panel.box[3] - panel.box[1],
    });
    curves.forEach(function (curve) {
      var points = curve.xs.map(function (x, i) {
        var y = curve.series.at(i);
        var v = panel.log && !(y > 0) ? panel.box[3] + 1e4 : toV(panel, y); // off the axes
        return toU(panel, x).toFixed(2) + "," + v.toFixed(2);
      });
      var path = svgElement(group, "path", { class: "plot-curve", d: "M" + points.join("L"), stroke: curve.colour,
        "stroke-dasharray": DASHES[curve.dash] || "none", "clip-path": "url(#" + clip + ")" });
      path.style.strokeWidth = String(curve.series.width || 1.5);
    });
  }

  function legendItems(list, curves) {
    list.textContent = "";
    curves.forEach(function (curve) {
      var item = htmlElement(list, "li", "");
      swatch(item, curve.colour, curve.dash);
      item.appendChild(document.createTextNode(curve.title));
    });
  }

  function showCurves(state, curves, frameModel) {
    var figure = state.figure;
    var panel = frameModel.panels[0];
    drawPaths(figure, panel, curves.map(function (curve) {
      return { xs: curve.model.xs, series: curve.series, colour: curve.colour, dash: curve.dash };
    }));
    legendItems(state.legend, curves);
    var titles = curves.map(function (curve) { return curve.title; }).join(", ");
    figure.images.forEach(function (image) {
      image.alt = state.alt + (titles ? ": " + titles : "");
    });
    figure.message = curves.length ? text.hint : text.none;
    setModel(figure, curves.length ? {
      box: frameModel.box, panels: [panel], xs: curves[0].model.xs, showX: curves[0].model.showX,
      xLabel: frameModel.xLabel,
      series: curves.map(function (curve) {
        return { label: curve.title, panel: 0, colour: curve.colour, dash: curve.dash,
          at: curve.series.at, show: curve.series.show };
      }),
    } : null);
  }

  // --- the trained networks --------------------------------------------------------------

  // Every choice of activation, width and target was trained at build: the default's
  // figures are drawn, and for any other choice the build wrote empty axes (a frame per
  // target, one for the loss) and the numbers, which are drawn over them here. The alt
  // texts and the numbers' CSV files are the build's, one per choice.
  function setUpTraining(form, figures) {
    var config = parseJson((document.getElementById("training-choices") || {}).textContent);
    var ids = (form.getAttribute("data-for") || "").split(" ");
    var shown = ids.map(function (id) {
      return figures.find(function (f) { return f.element.id === id; });
    });
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[name]"));
    var good = config && has(config, "data") && has(config, "alt") && has(config, "frames") &&
      shown.length === 2 && shown.every(Boolean) && selects.length;
    if (!good) {
      return;
    }
    shown.forEach(function (figure) {
      figure.legend = document.createElement("ul");
      figure.legend.className = "compare-legend";
      figure.legend.hidden = true;
      figure.element.insertBefore(figure.legend, figure.output);
    });
    function key() {
      return selects.map(function (select) { return select.value; }).join("-");
    }
    form.reset(); // the page's own values, not ones the browser kept from an earlier visit
    var current = key();
    function choose() {
      var chosen = key();
      if (chosen !== current && has(config.data, chosen)) {
        current = chosen;
        var target = selects[selects.length - 1].value;
        drawChoice(shown[0], config.frames.fit[target], config.data[chosen][0], config.alt[chosen][0]);
        drawChoice(shown[1], config.frames.loss, config.data[chosen][1], config.alt[chosen][1]);
      }
    }
    // The address's values, all or none, as for an atlas page's parameters.
    var asked = selects.map(function (select) {
      var value = query.get(select.name);
      var known = Array.prototype.some.call(select.options, function (option) {
        return option.value === value;
      });
      return value === null ? null : known ? value : undefined;
    });
    if (asked.indexOf(undefined) < 0) {
      selects.forEach(function (select, i) {
        if (asked[i] !== null) {
          select.value = asked[i];
        }
      });
    }
    form.addEventListener("change", function () {
      choose();
      setUrl(function (params) {
        selects.forEach(function (select) {
          params.set(select.name, select.value);
        });
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.hidden = false;
    choose();
  }

  var files = {}; // URL -> promise of a parsed JSON file, or of null

  function fetchJson(url) {
    if (!has(files, url)) {
      files[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.json() : null;
      }).catch(function () {
        return null;
      });
    }
    return files[url];
  }

  // A choice's numbers drawn over its frame: the frame's images, the choice's alt text
  // and CSV file, its curves, its legend, and a readout of its numbers.
  function drawChoice(figure, frame, stem, alt) {
    var token = figure.token = (figure.token || 0) + 1;
    var reading = figure.model || figure.index >= 0;
    figure.model = null;
    figure.pending = Promise.all([readout(String(frame.figure)), fetchJson(stem + ".json")])
      .then(function (found) {
        var frameModel = found[0];
        var model = frameModel && found[1] && dataModel(found[1], frameModel);
        if (token !== figure.token || !model) {
          return;
        }
        showImages(figure, String(frame.figure));
        figure.images.forEach(function (image) {
          image.width = frame.width;
          image.height = frame.height;
          image.alt = String(alt);
        });
        var link = figure.element.querySelector("figcaption a[download]");
        if (link) {
          link.href = stem + ".csv";
        }
        var curves = model.series.map(function (series) {
          return { xs: model.xs, series: series, colour: series.colour, dash: series.dash,
            title: series.label };
        });
        drawPaths(figure, model.panels[0], curves);
        legendItems(figure.legend, curves.filter(function (curve) { return !curve.series.quiet; }));
        figure.legend.hidden = false;
        setModel(figure, model);
      }).catch(ignore);
    if (reading) {
      load(figure);
    }
  }

  // A data file's numbers on a frame's axes: the frame's map, the file's x and curves.
  function dataModel(file, frameModel) {
    var x = file.x || { q: 0, d: [] };
    var sums = runningSums(x.d);
    var scale = Math.pow(10, x.q);
    return {
      box: frameModel.box, panels: frameModel.panels,
      series: (file.series || []).map(function (entry) { return parseSeries(entry, frameModel.panels); }),
      xs: sums.map(function (n) { return n / scale; }),
      showX: function (i) { return fixed(sums[i], x.q); },
      xLabel: typeof file.xlabel === "string" && file.xlabel ? file.xlabel : "x",
    };
  }

  // --- the page -------------------------------------------------------------------------

  function setUp() {
    var strings = parseJson((document.getElementById("plot-text") || {}).textContent);
    Object.keys(text).forEach(function (key) {
      if (has(strings, key) && typeof strings[key] === "string") {
        text[key] = strings[key];
      }
    });
    var figures = [];
    document.querySelectorAll("figure.plot[data-figure]").forEach(function (element) {
      if (element.querySelectorAll(":scope > img").length) {
        figures.push(enhance(element, element.getAttribute("data-figure")));
      }
    });
    document.querySelectorAll("form.plot-params[data-for]:not(.train-params)").forEach(function (form) {
      var figure = figures.find(function (f) { return f.element.id === form.getAttribute("data-for"); });
      if (figure) {
        setUpParameters(form, figure);
      }
    });
    document.querySelectorAll("form.train-params[data-for]").forEach(function (form) {
      setUpTraining(form, figures);
    });
    document.querySelectorAll("figure.compare-plot[data-compare]").forEach(function (element) {
      var figure = setUpCompare(element);
      if (figure) {
        figures.push(figure);
      }
    });
    var x = askedX();
    var named = figures.find(function (f) { return "#" + f.element.id === location.hash; });
    var target = named || figures[0];
    if (x !== null && target) {
      restoreX(target, x);
    }
  }

  // Every page is loaded whole (the site does not use Material's instant navigation), so
  // the figures are set up once, when the document is there, as the sortable tables are.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
