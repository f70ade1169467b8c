// Fetching the layers from /api/v1/layers/ with the map's filters (in each layer's URL,
// from the page) and the view's own parameters: boundaries simplified at overview zoom
// levels; with many features (config.clusterThreshold), only those in view (bbox),
// dialogues clustered below POINT_ZOOM.
import { format } from "../js/map-common.js";
import { POINT_ZOOM } from "./popups.js";

// Metres per pixel at zoom 0 at 63° N, the middle of the region.
const METRES_PER_PIXEL = 156543 * Math.cos((63 * Math.PI) / 180);

export function createLoader({ map, config, draw, say, onBoundaries }) {
  const t = config.i18n;

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
  const simplifyFor = (zoom) => (zoom >= 9 ? 0 : Math.round(METRES_PER_PIXEL / 2 ** zoom));
  let boundaryTolerance = null;
  async function loadBoundaries() {
    const tolerance = simplifyFor(map.getZoom());
    if (tolerance === boundaryTolerance) return;
    boundaryTolerance = tolerance;
    const extra = tolerance ? { simplify: tolerance } : {};
    const [municipalities, counties] = await Promise.all([load("municipalities", extra), load("counties", extra)]);
    if (municipalities) draw("municipalities", municipalities);
    if (counties) draw("counties", counties);
    onBoundaries();
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
      const cell = Math.round((60 * METRES_PER_PIXEL) / 2 ** zoom);
      const data = await load("dialogues", { bbox: bboxParam(), cluster: Math.max(500, cell) });
      if (data) draw("dialogues", data, { clustered: true });
    } else {
      const data = await load("dialogues", { bbox: bboxParam() });
      if (data) draw("dialogues", data);
    }
  }

  // Everything, on the first load.
  function loadAll() {
    return Promise.all([loadBoundaries(), loadAreas("project-scopes"), loadAreas("planning-areas"), loadDialogues()]);
  }

  // After the view moved: what depends on the zoom or the view.
  function reloadForView() {
    loadBoundaries();
    if (manyDialogues) loadDialogues();
    for (const id of ["project-scopes", "planning-areas"]) if (many(id)) loadAreas(id);
  }

  return { loadAll, reloadForView };
}
