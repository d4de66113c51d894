// Where the overview finds a pod's parts. By default it follows the names of the shipped profiles and examples
// (docs/console.md): racks are the outputs rack{N}.power, their power the point pdu{N}.inletPower and their
// contactor's auxiliary contact rack{N}.closed; the coolant loop is the device with a pod-cdu profile (the first
// device publishing {device}.supplyTemp); leak zones are the GPIO inputs leak.*; the E-stop is the input estop;
// the feeder is meter.totalPower. A config.json may give a "layout" object with the same keys to override any.

/** The overview's layout for a pod, from what its state and points show. */
export function layoutFor(state, pointIds, override = {}) {
  const outputs = state && state.outputs ? Object.keys(state.outputs) : [];
  const ids = [...pointIds];
  const cdu = override.coolantDevice
    || (ids.find((id) => id.endsWith('.supplyTemp') && id.split('.').length === 2) || 'cdu.supplyTemp').split('.')[0];
  const racks = override.racks || outputs
    .map((o) => /^rack(\d+)\.power$/.exec(o))
    .filter(Boolean)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => ({
      name: `Rack ${m[1]}`,
      output: m[0],
      power: `pdu${m[1]}.inletPower`,
      feedback: `rack${m[1]}.closed`,
      leak: `leak.rack${m[1]}`,
    }));
  const leaks = override.leaks || ids.filter((id) => /^leak\.[^.]+$/.test(id)).sort();
  const coolant = {
    supply: `${cdu}.supplyTemp`,
    return: `${cdu}.returnTemp`,
    flow: `${cdu}.flow`,
    diffPressure: `${cdu}.diffPressure`,
    level: `${cdu}.reservoirLevel`,
    valve: `${cdu}.valvePosition`,
    primarySupply: `${cdu}.primarySupplyTemp`,
    primaryReturn: `${cdu}.primaryReturnTemp`,
    pumps: [1, 2].map((n) => ({ name: `Pump ${n}`, running: `${cdu}.pump${n}Running`, fault: `${cdu}.pump${n}Fault`,
      speed: `${cdu}.pump${n}Speed` })),
    ...(override.coolant || {}),
  };
  return {
    racks,
    leaks,
    coolant,
    estop: override.estop || 'estop',
    feeder: override.feeder || 'meter.totalPower',
    // The key values kept for the trends (the last 15 min).
    trends: override.trends || [
      { title: 'Coolant temperatures', unit: '°C', series: [coolant.supply, coolant.return] },
      { title: 'Coolant flow', unit: 'L/min', series: [coolant.flow] },
      { title: 'Differential pressure', unit: 'bar', series: [coolant.diffPressure] },
      { title: 'Reservoir level', unit: '%', series: [coolant.level] },
      { title: 'Power', unit: 'kW', series: ['meter.totalPower', ...racks.map((r) => r.power)] },
    ],
  };
}
