// Small maps of a page's own features: templates/includes/feature_map.html hands over a
// WGS84 FeatureCollection with json_script (tiles and default view: map-common.js). The
// page lists the same features as HTML, so the map adds a view, never information of its
// own. Background tiles may fail to load (offline, blocked); the features are drawn from
// the page's data regardless.

import { createMap, readJson, showDefaultView } from "./map-common.js";

const BRAND = "#00576b";

function drawMap(container) {
  const L = window.L;
  const features = readJson(container.dataset.featureMap);
  const canvas = container.querySelector("[data-map-canvas]");
  if (!L || !features || !canvas) {
    return;
  }
  const { map } = createMap(canvas, { small: true });
  const layer = L.geoJSON(features, {
    pointToLayer: (feature, latlng) =>
      L.circleMarker(latlng, { radius: 8, color: "#ffffff", weight: 2, fillColor: BRAND, fillOpacity: 1 }),
    style: () => ({ color: BRAND, weight: 3, fillColor: BRAND, fillOpacity: 0.15 }),
    onEachFeature: (feature, featureLayer) => {
      const label = feature.properties && feature.properties.label;
      if (label) {
        // Leaflet writes a string tooltip as HTML; the label is the record's own text
        // (a title, a name), so it goes in as a text node.
        const text = document.createElement("span");
        text.textContent = label;
        featureLayer.bindTooltip(text);
      }
    },
  }).addTo(map);
  const bounds = layer.getBounds();
  if (bounds.isValid()) {
    map.fitBounds(bounds, { maxZoom: 11, padding: [24, 24] });
  } else {
    showDefaultView(map);
  }
}

document.querySelectorAll("[data-feature-map]").forEach(drawMap);
