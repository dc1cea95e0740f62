// The devices and rooms the narrow-layout test and measurement visit (narrow.test.mjs, narrow_measure.mjs).
export const PHONE = { width: 390, height: 844, scale: 3, hasTouch: true, isMobile: true };
export const TABLET = { width: 768, height: 1024, scale: 2, hasTouch: true, isMobile: true };
// Every room: home, a chapter, the Cinema with a scene, the Lab with widgets that have tabs,
// side-by-side panels and wide tables.
export const ROOMS = [
  ["home", "#/"],
  ["notes-index", "#/notes"],
  ["notes-attention", "#/notes/attention"],
  ["cinema-index", "#/cinema"],
  ["cinema-attention", "#/cinema/attention-mechanism?t=20"],
  ["cinema-tvm", "#/cinema/transformer-vs-mamba?t=12"],
  ["lab-index", "#/lab"],
  ["lab-attention", "#/lab/attention?text=the%20cat%20sat"],
  ["lab-tvm", "#/lab/transformer-vs-mamba"],
  ["lab-mamba-sim", "#/lab/mamba-sim"],
  ["lab-positions", "#/lab/positions"],
  ["lab-bpe", "#/lab/bpe"],
];
