// The map's five overlays: one Leaflet group per layer (in drawing order), the layer
// control beside the map, and drawing a layer's GeoJSON into its group. Each drawn feature
// is indexed by layer and id, for the tables' "Show on map" buttons (tables.js).
import { clusterMarker, dialogueMarker, popupContent } from "./popups.js";
import { layerStyles } from "./styles.js";

const ORDER = ["municipalities", "counties", "project-scopes", "planning-areas", "dialogues"];

export function createLayers(map, bases, config, renderer) {
  const L = window.L;
  const t = config.i18n;
  const styles = layerStyles(config.coverage);
  const index = {}; // layer id → feature id → Leaflet layer
  const groups = {};
  const overlays = {};

  for (const id of ORDER) {
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
        if (clustered) return clusterMarker(t, map, latlng, feature.properties.count);
        if (id === "dialogues") return dialogueMarker(t, latlng, feature);
        return L.circleMarker(latlng, { renderer, radius: 7, ...style(feature) });
      },
      onEachFeature: (feature, featureLayer) => {
        if (clustered) return;
        index[id][feature.id] = featureLayer;
        featureLayer.bindPopup(() => popupContent(t, id, feature.properties));
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

  return { groups, index, draw };
}
