// The geometry widget of the planning-area form: django-leaflet's L.GeometryField (Leaflet
// draw tools) on a map set up from data-* attributes and a json_script configuration
// instead of django-leaflet's inline script. The drawn geometry is written as GeoJSON into
// the text area, which stays available for typing or pasting GeoJSON.
import { createMap, readConfig } from "./base.js";

const L = window.L;

// Text typed into the area may not be valid JSON; the map then starts empty and the server
// says what is wrong when the form is sent.
const TolerantStore = L.FieldStore.extend({
  load() {
    try {
      return L.FieldStore.prototype.load.call(this);
    } catch (error) {
      return null;
    }
  },
});

for (const widget of document.querySelectorAll("[data-geometry-widget]")) {
  const config = readConfig(widget.dataset.geometryWidget);
  const mapElement = widget.querySelector("[data-geometry-map]");
  if (!config || !mapElement) continue;
  const { map, bases } = createMap(mapElement, config.options, config.tiles, config.labels);
  L.control.layers(bases, {}, { collapsed: true }).addTo(map);
  const field = new L.GeometryField({
    fieldid: config.fieldId,
    geom_type: config.geomType,
    modifiable: true,
    field_store_class: TolerantStore,
    precision: 6,
  });
  field.addTo(map);
  // Typing or pasting GeoJSON redraws the map.
  const text = document.getElementById(config.fieldId);
  text.addEventListener("change", () => {
    field.drawnItems.clearLayers();
    field.load();
  });
  mapElement.setAttribute("data-ready", "true");
}
