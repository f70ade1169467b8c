// The map's view (zoom/lat/lon) lives in the URL's fragment, beside the filters in its
// query: a view of the map can be shared as a link.

export function restoreView(map) {
  const match = window.location.hash.match(/^#(\d+)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/);
  if (match) map.setView([Number(match[2]), Number(match[3])], Number(match[1]), { animate: false });
}

export function saveView(map) {
  const c = map.getCenter();
  const hash = `#${map.getZoom()}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`;
  window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}${hash}`);
}
