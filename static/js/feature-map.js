// Small maps of a page's own features: templates/includes/feature_map.html hands over a
// WGS84 FeatureCollection and the map settings with json_script. Leaflet (window.L) comes
// from django-leaflet's static files. The page lists the same features as HTML, so the map
// adds a view, never information of its own. Background tiles may fail to load (offline,
// blocked); the features are drawn from the page's data regardless.

const BRAND = "#00576b";

function readJson(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

function drawMap(container) {
  const L = window.L;
  const features = readJson(container.dataset.featureMap);
  const config = readJson(container.dataset.mapConfig);
  const canvas = container.querySelector("[data-map-canvas]");
  if (!L || !features || !config || !canvas) {
    return;
  }
  const map = L.map(canvas, { zoomControl: false, scrollWheelZoom: false });
  L.control.zoom({ zoomInTitle: config.zoomIn, zoomOutTitle: config.zoomOut }).addTo(map);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
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
    map.setView([63.0, 14.6], 6);
  }
}

document.querySelectorAll("[data-feature-map]").forEach(drawMap);
