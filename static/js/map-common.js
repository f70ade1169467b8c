// What the portal's three map scripts share: the map page (maps/static/maps/map.js), the
// small maps of detail pages (feature-map.js) and the geometry widgets of forms
// (geometry-widget.js). Leaflet itself (window.L) is loaded from django-leaflet's static
// files by {% leaflet_js %}.

// Data handed over by a template with json_script.
export function readJson(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

// Centre, zoom and zoom range (LEAFLET_CONFIG), the background tiles (MAP_TILES_URL,
// MAP_TILES_ATTRIBUTION) and the zoom buttons' names, from settings: base.html writes
// them on every page (core.mapdata.map_defaults).
export function mapDefaults() {
  return readJson("map-defaults");
}

// A Leaflet map with the background tiles. A tile that cannot be fetched (offline,
// blocked) is left blank: nothing else depends on tiles, the features draw regardless.
// A small map (detail pages, form widgets) does not take the scroll wheel, which scrolls
// the page past it, and names its zoom buttons in the page's language; it is given its
// view by the caller (its features' bounds, or showDefaultView).
export function createMap(element, { small = false, tileOptions = {} } = {}) {
  const L = window.L;
  const defaults = mapDefaults();
  const map = small
    ? L.map(element, { zoomControl: false, scrollWheelZoom: false })
    : L.map(element, {
        center: defaults.center,
        zoom: defaults.zoom,
        minZoom: defaults.minZoom ?? undefined,
        maxZoom: defaults.maxZoom ?? undefined,
        keyboard: true,
      });
  if (small) {
    L.control.zoom({ zoomInTitle: defaults.i18n.zoomIn, zoomOutTitle: defaults.i18n.zoomOut }).addTo(map);
  }
  const background = L.tileLayer(defaults.tiles.url, {
    attribution: defaults.tiles.attribution,
    maxZoom: defaults.maxZoom || 18,
    ...tileOptions,
  });
  background.on("tileerror", () => {});
  background.addTo(map);
  return { map, background };
}

export function showDefaultView(map) {
  const defaults = mapDefaults();
  map.setView(defaults.center, defaults.zoom);
}

// Format "%(name)s" placeholders like Django's gettext strings.
export function format(text, values) {
  return text.replace(/%\((\w+)\)s/g, (match, key) => (key in values ? String(values[key]) : match));
}
