// The map page: layers from /api/v1/layers/ (GeoJSON, WGS84), a layer control, popups that
// link to each record's page, and "Show on map" buttons in the tables below the map.
// The page's configuration (layers, legend, texts) comes from the json_script element
// named by data-map; the tiles and the default view are the map defaults (map-common.js).
// By concern: layers.js (groups, control, drawing), styles.js, popups.js, loading.js
// (requests for the view: bbox, simplification, clusters), tables.js, view.js (the URL).
import { createMap, readJson } from "../js/map-common.js";
import { createLayers } from "./layers.js";
import { createLoader } from "./loading.js";
import { addPatterns } from "./styles.js";
import { connectTables } from "./tables.js";
import { restoreView, saveView } from "./view.js";

const LABEL_ZOOM = 7; // dialogue counts are written on municipalities from this zoom in

const element = document.querySelector("[data-map]");
const config = element && readJson(element.dataset.map);
if (config) init();

function init() {
  const L = window.L;
  const t = config.i18n;
  const { map, background } = createMap(element, { tileOptions: { crossOrigin: true } });
  L.control.scale({ imperial: false }).addTo(map);
  const bases = { [t.background]: background, [t.noBackground]: L.layerGroup() };
  const status = document.querySelector("[data-map-status]");
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const renderer = L.svg({ padding: 0.5 }).addTo(map);
  addPatterns(map);
  restoreView(map);

  const layers = createLayers(map, bases, config, renderer);
  const updateLabels = () => element.classList.toggle("map--labels", map.getZoom() >= LABEL_ZOOM);
  const loader = createLoader({ map, config, draw: layers.draw, say, onBoundaries: updateLabels });

  let moveTimer = null;
  map.on("moveend", () => {
    saveView(map);
    updateLabels();
    clearTimeout(moveTimer);
    moveTimer = setTimeout(loader.reloadForView, 250);
  });
  loader.loadAll().then(() => element.setAttribute("data-loaded", "true"));
  connectTables({ map, element, layers, config, say });
}
