// Compile each D2 file given with the real D2 (its WASM build) and print, per
// file, one JSON line: {"file", "shapes", "connections"} or {"file", "error"}.
// Used by tests/test_export.py; exits 0 when it could run at all.
import { D2 } from "@terrastruct/d2";
import { readFileSync } from "node:fs";

const d2 = new D2();
for (const file of process.argv.slice(2)) {
  try {
    const result = await d2.compile(readFileSync(file, "utf8"));
    await d2.render(result.diagram, result.renderOptions);
    console.log(JSON.stringify({
      file,
      shapes: result.diagram.shapes.map((s) => ({ id: s.id, label: s.label, classes: s.classes ?? [] })),
      connections: result.diagram.connections.map((c) => ({ id: c.id, label: c.label, classes: c.classes ?? [] })),
    }));
  } catch (error) {
    console.log(JSON.stringify({ file, error: String((error && error.message) || error) }));
  }
}
process.exit(0);
