// Map widgets for geometry fields (core.widgets.MapGeometryWidget). The form field is the
// textarea of GeoJSON in WGS84; without JavaScript it is edited as text. With JavaScript:
// - a point is placed by clicking the map, by dragging its marker, or by typing latitude
//   and longitude (so the field works from the keyboard);
// - other geometry types are drawn with django-leaflet's L.GeometryField (leaflet.draw).
// Background tiles may fail to load; the widget works without them.
import { createMap, mapDefaults, showDefaultView } from "./map-common.js";

function parseNumber(text) {
  const value = Number(String(text).trim().replace(",", "."));
  return String(text).trim() === "" || Number.isNaN(value) ? null : value;
}

function baseMap(canvas) {
  // Shown before the map is made: Leaflet measures its container.
  canvas.hidden = false;
  const { map } = createMap(canvas, { small: true });
  showDefaultView(map);
  return map;
}

function pointWidget(container, textarea, map) {
  const L = window.L;
  const coordinates = container.querySelector("[data-coordinates]");
  const latInput = container.querySelector("[data-latitude]");
  const lonInput = container.querySelector("[data-longitude]");
  const clearButton = container.querySelector("[data-clear-location]");
  let marker = null;

  function current() {
    try {
      const geometry = JSON.parse(textarea.value);
      if (geometry && geometry.type === "Point") {
        return { lon: geometry.coordinates[0], lat: geometry.coordinates[1] };
      }
    } catch (error) {
      // Not (yet) valid GeoJSON: the server says what is wrong on saving.
    }
    return null;
  }

  function show(position, { pan }) {
    if (!position) {
      if (marker) {
        marker.remove();
        marker = null;
      }
      return;
    }
    const latlng = [position.lat, position.lon];
    if (!marker) {
      marker = L.marker(latlng, { draggable: true, keyboard: false }).addTo(map);
      marker.on("dragend", () => {
        const moved = marker.getLatLng();
        store({ lat: moved.lat, lon: moved.lng }, { pan: false });
      });
    } else {
      marker.setLatLng(latlng);
    }
    if (pan) {
      map.setView(latlng, Math.max(map.getZoom(), 9));
    }
  }

  function store(position, { pan }) {
    if (position) {
      const scale = 10 ** mapDefaults().precision;
      const round = (value) => Math.round(value * scale) / scale;
      textarea.value = JSON.stringify({ type: "Point", coordinates: [round(position.lon), round(position.lat)] });
      latInput.value = round(position.lat);
      lonInput.value = round(position.lon);
    } else {
      textarea.value = "";
      latInput.value = "";
      lonInput.value = "";
    }
    show(position, { pan });
  }

  function fromInputs() {
    const lat = parseNumber(latInput.value);
    const lon = parseNumber(lonInput.value);
    if (lat === null && lon === null) {
      store(null, { pan: false });
    } else if (lat !== null && lon !== null) {
      store({ lat, lon }, { pan: true });
    }
  }

  coordinates.hidden = false;
  container.querySelector("[data-raw]").hidden = true;
  const initial = current();
  if (initial) {
    latInput.value = initial.lat;
    lonInput.value = initial.lon;
    show(initial, { pan: true });
  } else if (textarea.value.trim() !== "") {
    // Text the server could not read: keep showing it so it can be corrected.
    container.querySelector("[data-raw]").hidden = false;
  }
  map.on("click", (event) => store({ lat: event.latlng.lat, lon: event.latlng.lng }, { pan: false }));
  latInput.addEventListener("change", fromInputs);
  lonInput.addEventListener("change", fromInputs);
  clearButton.addEventListener("click", () => store(null, { pan: false }));
}

function drawWidget(container, textarea, map, geomType) {
  const L = window.L;
  if (!L.GeometryField) {
    return;
  }
  const raw = container.querySelector("[data-raw]");
  // The GeoJSON stays available (collapsed) for reading, typing or pasting; it stays open
  // when the server refused it, so it can be corrected.
  raw.open = textarea.hasAttribute("data-invalid");
  // Text typed into the area may not be valid JSON: the map then starts empty and the
  // server says what is wrong when the form is sent.
  const TolerantStore = L.FieldStore.extend({
    load() {
      try {
        return L.FieldStore.prototype.load.call(this);
      } catch (error) {
        return null;
      }
    },
  });
  const field = new L.GeometryField({
    fieldid: textarea.id,
    geom_type: geomType,
    modifiable: true,
    precision: mapDefaults().precision,
    field_store_class: TolerantStore,
  });
  field.addTo(map);
  // Typing or pasting GeoJSON redraws the map.
  textarea.addEventListener("change", () => {
    field.drawnItems.clearLayers();
    field.load();
  });
}

function init(container) {
  const textarea = document.getElementById(container.dataset.geometryWidget);
  const canvas = container.querySelector("[data-map-canvas]");
  if (!window.L || !textarea || !canvas) {
    return;
  }
  const map = baseMap(canvas);
  container.querySelector("[data-map-help]").hidden = false;
  const geomType = container.dataset.geomType;
  if (geomType === "Point") {
    pointWidget(container, textarea, map);
  } else {
    drawWidget(container, textarea, map, geomType);
  }
  canvas.setAttribute("data-ready", "true");
}

document.querySelectorAll("[data-geometry-widget]").forEach(init);
