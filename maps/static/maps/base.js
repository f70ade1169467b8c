// Shared by the map page and the geometry widget: a Leaflet map from django-leaflet's
// options (LEAFLET_CONFIG) with the configured background tiles. Leaflet itself is loaded
// from the portal's static files by {% leaflet_js %} (global L).

export function readConfig(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

// A plain background when no tiles can be fetched: the vector layers draw on it anyway.
export function createMap(element, options, tiles, labels = {}) {
  const L = window.L;
  const map = L.map(element, {
    center: options.center || [63.0, 14.6],
    zoom: options.zoom || 6,
    minZoom: options.minzoom ?? undefined,
    maxZoom: options.maxzoom ?? undefined,
    keyboard: true,
  });
  const background = L.tileLayer(tiles.url, {
    attribution: tiles.attribution,
    maxZoom: options.maxzoom || 18,
    crossOrigin: true,
  });
  // A failed tile is left blank; nothing else depends on tiles.
  background.on("tileerror", () => {});
  background.addTo(map);
  if (options.scale) L.control.scale({ imperial: false }).addTo(map);
  const none = L.layerGroup();
  const bases = {};
  bases[labels.background || "Background map"] = background;
  bases[labels.noBackground || "No background map"] = none;
  return { map, bases };
}

// Format "%(name)s" placeholders like Django's gettext strings.
export function format(text, values) {
  return text.replace(/%\((\w+)\)s/g, (match, key) => (key in values ? String(values[key]) : match));
}
