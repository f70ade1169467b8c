// What a feature says: its popup (built as DOM nodes, so that record texts stay text) and
// the keyboard-reachable markers of dialogues and of clusters of dialogues. t: the page's
// translated strings (config.i18n).
import { format } from "../js/map-common.js";

export const POINT_ZOOM = 9; // with many dialogues: clusters below this zoom, points from it

export function popupContent(t, id, p) {
  const box = document.createElement("div");
  box.className = "map-popup";
  const title = document.createElement("p");
  title.className = "map-popup__title";
  title.textContent = p.name || p.title || "";
  box.append(title);
  const facts = document.createElement("dl");
  const fact = (label, value) => {
    if (value === null || value === undefined || value === "") return;
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    facts.append(dt, dd);
  };
  if (id === "municipalities") {
    fact(t.county, p.county);
    fact(t.dialogues, p.dialogues === 0 ? t.noDialogue : p.dialogues);
  } else if (id === "dialogues") {
    fact(t.project, p.project_title);
    fact(t.municipality, p.municipality);
    fact(t.period, p.date || t.dateUnknown);
    fact(t.placedAt, p.placement_label);
  } else if (id === "project-scopes") {
    fact(t.project, p.diarienummer);
    fact(t.period, [p.start_date, p.end_date].filter(Boolean).join(" – "));
  } else if (id === "planning-areas") {
    fact(t.kind, p.kind_label);
    fact(t.project, p.project_title);
  }
  if (facts.childElementCount) box.append(facts);
  if (p.url) {
    const link = document.createElement("a");
    link.href = p.url;
    link.textContent = t.openPage;
    link.className = "map-popup__link";
    box.append(link);
  }
  return box;
}

export function dialogueMarker(t, latlng, feature) {
  const L = window.L;
  const title = feature.properties.title;
  const marker = L.marker(latlng, {
    icon: L.divIcon({ className: `dialogue-marker feature-dialogues-${feature.id}`, iconSize: [18, 18] }),
    keyboard: true,
    title: format(t.dialogueMarker, { title }),
    alt: format(t.dialogueMarker, { title }),
    riseOnHover: true,
  });
  marker.on("add", () => marker.getElement()?.setAttribute("aria-label", format(t.dialogueMarker, { title })));
  return marker;
}

// A cluster zooms in towards its dialogues when clicked or activated from the keyboard.
export function clusterMarker(t, map, latlng, count) {
  const L = window.L;
  const label = format(t.clusterMarker, { count });
  const marker = L.marker(latlng, {
    icon: L.divIcon({ className: "cluster-marker", html: `<span>${Number(count)}</span>`, iconSize: [34, 34] }),
    keyboard: true,
    title: label,
  });
  marker.on("add", () => marker.getElement()?.setAttribute("aria-label", label));
  marker.on("click keypress", () => map.setView(latlng, Math.min(map.getZoom() + 2, POINT_ZOOM)));
  return marker;
}
