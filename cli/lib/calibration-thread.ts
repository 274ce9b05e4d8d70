// The worker thread behind compile-in-parallel.ts: the cross-validated calibration of the examples it is given.
import { parentPort, workerData } from "node:worker_threads";
import { crossValidatedCalibration, type Example, planCompile } from "../../worker/cascade/matcher/compile.ts";

parentPort?.postMessage(crossValidatedCalibration(planCompile(workerData as Example[])));
