// The parts of autocannon's API the server benchmark uses (the package ships no types).
declare module 'autocannon' {
	namespace autocannon {
		interface Histogram {
			average: number;
			p50: number;
			p90: number;
			p99: number;
			max: number;
		}
		interface Result {
			requests: Histogram;
			latency: Histogram;
			errors: number;
			duration: number;
		}
		interface Instance {
			on(event: 'response', fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
		}
	}
	function autocannon(opts: Record<string, unknown>, done: (err: Error | null, result: autocannon.Result) => void): autocannon.Instance;
	export default autocannon;
}
