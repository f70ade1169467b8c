// The tables below the map list the same features; their "Show on map" buttons (hidden
// without JavaScript) bring a feature into view and open its popup, focusing its link.
import { format } from "../js/map-common.js";

export function connectTables({ map, element, layers, config, say }) {
  const { groups, index } = layers;
  for (const button of document.querySelectorAll("[data-show-feature]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const id = button.dataset.showFeature;
      let featureLayer = index[id][button.dataset.featureId];
      if (!featureLayer) {
        say(format(config.i18n.loadError, { layer: config.layers[id].title }));
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
