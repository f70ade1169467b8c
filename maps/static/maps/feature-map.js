// Small maps of one record on detail pages ({% feature_map %}): the feature comes from the
// OGC API item (GeoJSON, WGS84, only what the visitor may see).
import { createMap, readConfig } from "./base.js";

const L = window.L;

for (const element of document.querySelectorAll("[data-feature-map]")) {
  const config = readConfig(element.dataset.featureMap);
  if (!config) continue;
  const { map } = createMap(element, config.options, config.tiles);
  fetch(element.dataset.itemUrl, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : null))
    .then((feature) => {
      if (!feature || !feature.geometry) return;
      const layer = L.geoJSON(feature, {
        style: { color: "#00576b", weight: 3, fillOpacity: 0.2 },
        pointToLayer: (_feature, latlng) => L.circleMarker(latlng, { radius: 8, color: "#a4000f", fillOpacity: 0.8 }),
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { maxZoom: 11, padding: [20, 20] });
      element.setAttribute("data-loaded", "true");
    })
    .catch(() => {});
}
