// How each layer looks. Municipalities are shaded by the number of dialogues held with them
// (the classes come from the page, maps.views.COVERAGE_CLASSES, as does the legend).

const COVERAGE_FILLS = ["url(#coverage-none)", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];

export function layerStyles(coverage) {
  function coverageClass(count) {
    for (const entry of coverage) {
      if (count >= entry.low && (entry.high === null || count <= entry.high)) return entry.index;
    }
    return coverage.length - 1;
  }

  return {
    dialogues: () => ({}),
    counties: () => ({ color: "#1b1b1b", weight: 3, dashArray: "10 6", fill: false }),
    // An outline only: a project's scope is the outline of its municipalities (and what was
    // drawn), so a filled shape would lie over the municipalities and take their clicks.
    "project-scopes": () => ({ color: "#b35806", weight: 3, fill: false }),
    "planning-areas": () => ({ color: "#542788", weight: 3, dashArray: "6 4", fillColor: "#b2abd2", fillOpacity: 0.3 }),
    municipalities: (feature) => {
      const klass = coverageClass(feature.properties.dialogues);
      return {
        color: "#4a4a4a",
        weight: 1,
        fillColor: COVERAGE_FILLS[klass],
        fillOpacity: klass === 0 ? 1 : 0.65,
      };
    },
  };
}

function svgElement(name, attributes) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

// Hatching for municipalities with no dialogue: they differ by pattern, not colour alone.
export function addPatterns(map) {
  const svg = map.getPanes().overlayPane.querySelector("svg");
  if (!svg) return;
  const pattern = svgElement("pattern", {
    id: "coverage-none",
    patternUnits: "userSpaceOnUse",
    width: "8",
    height: "8",
    patternTransform: "rotate(45)",
  });
  pattern.append(
    svgElement("rect", { width: "8", height: "8", fill: "#f7f7f7" }),
    svgElement("line", { x1: "0", y1: "0", x2: "0", y2: "8", stroke: "#8c8c8c", "stroke-width": "3" }),
  );
  const defs = svgElement("defs", {});
  defs.append(pattern);
  svg.prepend(defs);
}
