// The map page: layers from /api/v1/layers/ (GeoJSON, WGS84), a layer control, popups that
// link to each record's page, and "Show on map" buttons in the tables below the map.
// Configuration comes from the json_script element named by data-map.
import { createMap, format, readConfig } from "./base.js";

const L = window.L;
const element = document.querySelector("[data-map]");
const config = element && readConfig(element.dataset.map);

const COVERAGE_FILLS = ["url(#coverage-none)", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];
const LABEL_ZOOM = 7; // dialogue counts are written on municipalities from this zoom in
const POINT_ZOOM = 9; // with many dialogues: clusters below this zoom, points from it

if (config) init();

function init() {
  const t = config.i18n;
  const { map, bases } = createMap(element, config.options, config.tiles, t);
  const status = document.querySelector("[data-map-status]");
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const renderer = L.svg({ padding: 0.5 }).addTo(map);
  addPatterns(map);
  restoreView(map);

  const index = {}; // layer id → feature id → Leaflet layer
  const groups = {};
  const overlays = {};
  const order = ["municipalities", "counties", "project-scopes", "planning-areas", "dialogues"];

  for (const id of order) {
    index[id] = {};
    groups[id] = L.featureGroup().addTo(map);
    const info = config.layers[id];
    overlays[`${info.title} (${info.total})`] = groups[id];
  }
  // The layer control sits beside the map (in the legend), where it covers no popup.
  const control = L.control.layers(bases, overlays, { collapsed: false }).addTo(map);
  const place = document.querySelector("[data-layer-control]");
  if (place) {
    place.append(control.getContainer());
    place.hidden = false;
  }

  const styles = {
    dialogues: () => ({}),
    counties: () => ({ color: "#1b1b1b", weight: 3, dashArray: "10 6", fill: false }),
    "project-scopes": () => ({ color: "#b35806", weight: 3, fillColor: "#fdb863", fillOpacity: 0.25 }),
    "planning-areas": () => ({ color: "#542788", weight: 3, dashArray: "6 4", fillColor: "#b2abd2", fillOpacity: 0.3 }),
    municipalities: (feature) => {
      const klass = coverageClass(feature.properties.dialogues);
      return {
        color: "#4a4a4a",
        weight: 1,
        fillColor: COVERAGE_FILLS[klass],
        fillOpacity: klass === 0 ? 1 : 0.65,
      };
    },
  };

  function coverageClass(count) {
    const classes = config.coverage;
    for (const entry of classes) {
      if (count >= entry.low && (entry.high === null || count <= entry.high)) return entry.index;
    }
    return classes.length - 1;
  }

  function popupContent(id, p) {
    const box = document.createElement("div");
    box.className = "map-popup";
    const title = document.createElement("p");
    title.className = "map-popup__title";
    title.textContent = p.name || p.title || "";
    box.append(title);
    const facts = document.createElement("dl");
    const fact = (label, value) => {
      if (value === null || value === undefined || value === "") return;
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.textContent = value;
      facts.append(dt, dd);
    };
    if (id === "municipalities") {
      fact(t.county, p.county);
      fact(t.dialogues, p.dialogues === 0 ? t.noDialogue : p.dialogues);
    } else if (id === "dialogues") {
      fact(t.project, p.project_title);
      fact(t.municipality, p.municipality);
      fact(t.period, p.date || t.dateUnknown);
      fact(t.placedAt, p.placement_label);
    } else if (id === "project-scopes") {
      fact(t.project, p.diarienummer);
      fact(t.period, [p.start_date, p.end_date].filter(Boolean).join(" – "));
    } else if (id === "planning-areas") {
      fact(t.kind, p.kind_label);
      fact(t.project, p.project_title);
    }
    if (facts.childElementCount) box.append(facts);
    if (p.url) {
      const link = document.createElement("a");
      link.href = p.url;
      link.textContent = t.openPage;
      link.className = "map-popup__link";
      box.append(link);
    }
    return box;
  }

  function dialogueMarker(latlng, feature) {
    const title = feature.properties.title;
    const marker = L.marker(latlng, {
      icon: L.divIcon({ className: `dialogue-marker feature-dialogues-${feature.id}`, iconSize: [18, 18] }),
      keyboard: true,
      title: format(t.dialogueMarker, { title }),
      alt: format(t.dialogueMarker, { title }),
      riseOnHover: true,
    });
    marker.on("add", () => marker.getElement()?.setAttribute("aria-label", format(t.dialogueMarker, { title })));
    return marker;
  }

  function clusterMarker(latlng, count) {
    const label = format(t.clusterMarker, { count });
    const marker = L.marker(latlng, {
      icon: L.divIcon({ className: "cluster-marker", html: `<span>${Number(count)}</span>`, iconSize: [34, 34] }),
      keyboard: true,
      title: label,
    });
    marker.on("add", () => marker.getElement()?.setAttribute("aria-label", label));
    marker.on("click keypress", () => map.setView(latlng, Math.min(map.getZoom() + 2, POINT_ZOOM)));
    return marker;
  }

  function draw(id, data, { clustered = false } = {}) {
    const group = groups[id];
    group.clearLayers();
    index[id] = {};
    // Each feature's element carries its layer and id (feature-<layer>-<id>).
    const style = (feature) => ({ ...styles[id](feature), className: `feature-${id}-${feature.id}` });
    const layer = L.geoJSON(data, {
      renderer,
      style: clustered ? undefined : style,
      pointToLayer: (feature, latlng) => {
        if (clustered) return clusterMarker(latlng, feature.properties.count);
        if (id === "dialogues") return dialogueMarker(latlng, feature);
        return L.circleMarker(latlng, { renderer, radius: 7, ...style(feature) });
      },
      onEachFeature: (feature, featureLayer) => {
        if (clustered) return;
        index[id][feature.id] = featureLayer;
        featureLayer.bindPopup(() => popupContent(id, feature.properties));
        if (id === "municipalities" && feature.properties.dialogues > 0) {
          featureLayer.bindTooltip(String(feature.properties.dialogues), {
            permanent: true,
            direction: "center",
            className: "coverage-label",
          });
        }
      },
    });
    layer.eachLayer((l) => group.addLayer(l));
  }

  // Responses can come back out of order when the view changes quickly: only the latest
  // request of a layer is drawn.
  const latest = {};
  async function load(id, extra = {}) {
    const info = config.layers[id];
    const url = new URL(info.data, window.location.href);
    for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
    const ticket = (latest[id] = (latest[id] || 0) + 1);
    try {
      const response = await fetch(url, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      return ticket === latest[id] ? data : null;
    } catch (error) {
      if (ticket === latest[id]) say(format(t.loadError, { layer: info.title }));
      return null;
    }
  }

  // Boundaries are simplified at overview zoom levels (tolerance about a pixel).
  const simplifyFor = (zoom) => (zoom >= 9 ? 0 : Math.round(156543 * Math.cos((63 * Math.PI) / 180) / 2 ** zoom));
  let boundaryTolerance = null;
  async function loadBoundaries() {
    const tolerance = simplifyFor(map.getZoom());
    if (tolerance === boundaryTolerance) return;
    boundaryTolerance = tolerance;
    const extra = tolerance ? { simplify: tolerance } : {};
    const [municipalities, counties] = await Promise.all([load("municipalities", extra), load("counties", extra)]);
    if (municipalities) draw("municipalities", municipalities);
    if (counties) draw("counties", counties);
    updateLabels();
  }

  function bboxParam() {
    const b = map.getBounds().pad(0.25);
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)]
      .map((v) => v.toFixed(5))
      .join(",");
  }

  // Few project scopes or planning areas: all at once. Many: those in view (bbox),
  // simplified at overview zoom levels like the boundaries.
  const many = (id) => config.layers[id].total > config.clusterThreshold;
  async function loadAreas(id) {
    const tolerance = simplifyFor(map.getZoom());
    const extra = many(id) ? { bbox: bboxParam(), ...(tolerance ? { simplify: tolerance } : {}) } : {};
    const data = await load(id, extra);
    if (data) draw(id, data);
  }

  // Few dialogues: all at once. Many: clustered on a grid below POINT_ZOOM, by bbox above.
  const manyDialogues = many("dialogues");
  async function loadDialogues() {
    if (!manyDialogues) {
      const data = await load("dialogues");
      if (data) draw("dialogues", data);
      return;
    }
    const zoom = map.getZoom();
    if (zoom < POINT_ZOOM) {
      const cell = Math.round((60 * 156543 * Math.cos((63 * Math.PI) / 180)) / 2 ** zoom);
      const data = await load("dialogues", { bbox: bboxParam(), cluster: Math.max(500, cell) });
      if (data) draw("dialogues", data, { clustered: true });
    } else {
      const data = await load("dialogues", { bbox: bboxParam() });
      if (data) draw("dialogues", data);
    }
  }

  function updateLabels() {
    element.classList.toggle("map--labels", map.getZoom() >= LABEL_ZOOM);
  }

  let moveTimer = null;
  map.on("moveend", () => {
    saveView(map);
    updateLabels();
    clearTimeout(moveTimer);
    moveTimer = setTimeout(() => {
      loadBoundaries();
      if (manyDialogues) loadDialogues();
      for (const id of ["project-scopes", "planning-areas"]) if (many(id)) loadAreas(id);
    }, 250);
  });

  Promise.all([
    loadBoundaries(),
    loadAreas("project-scopes"),
    loadAreas("planning-areas"),
    loadDialogues(),
  ]).then(() => element.setAttribute("data-loaded", "true"));

  // "Show on map" in the tables: bring the feature into view and open its popup.
  for (const button of document.querySelectorAll("[data-show-feature]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const id = button.dataset.showFeature;
      let featureLayer = index[id][button.dataset.featureId];
      if (!featureLayer) {
        say(format(t.loadError, { layer: config.layers[id].title }));
        return;
      }
      if (!map.hasLayer(groups[id])) groups[id].addTo(map);
      element.scrollIntoView({ block: "center" });
      if (featureLayer.getBounds) map.fitBounds(featureLayer.getBounds(), { maxZoom: 11 });
      else map.setView(featureLayer.getLatLng(), Math.max(map.getZoom(), 10));
      featureLayer.openPopup(featureLayer.getBounds ? featureLayer.getBounds().getCenter() : undefined);
      const link = map.getContainer().querySelector(".leaflet-popup .map-popup__link");
      if (link) link.focus();
    });
  }
}

// Hatching for municipalities with no dialogue: they differ by pattern, not colour alone.
function addPatterns(map) {
  const svg = map.getPanes().overlayPane.querySelector("svg");
  if (!svg) return;
  const ns = "http://www.w3.org/2000/svg";
  const defs = document.createElementNS(ns, "defs");
  const pattern = document.createElementNS(ns, "pattern");
  pattern.setAttribute("id", "coverage-none");
  pattern.setAttribute("patternUnits", "userSpaceOnUse");
  pattern.setAttribute("width", "8");
  pattern.setAttribute("height", "8");
  pattern.setAttribute("patternTransform", "rotate(45)");
  const background = document.createElementNS(ns, "rect");
  background.setAttribute("width", "8");
  background.setAttribute("height", "8");
  background.setAttribute("fill", "#f7f7f7");
  const line = document.createElementNS(ns, "line");
  line.setAttribute("x1", "0");
  line.setAttribute("y1", "0");
  line.setAttribute("x2", "0");
  line.setAttribute("y2", "8");
  line.setAttribute("stroke", "#8c8c8c");
  line.setAttribute("stroke-width", "3");
  pattern.append(background, line);
  defs.append(pattern);
  svg.prepend(defs);
}

// The view (zoom/lat/lon) lives in the URL's fragment, beside the filters in its query.
function restoreView(map) {
  const match = window.location.hash.match(/^#(\d+)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/);
  if (match) map.setView([Number(match[2]), Number(match[3])], Number(match[1]), { animate: false });
}

function saveView(map) {
  const c = map.getCenter();
  const hash = `#${map.getZoom()}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`;
  window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}${hash}`);
}
