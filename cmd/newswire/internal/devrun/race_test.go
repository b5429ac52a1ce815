//go:build race

package devrun

// raceEnabled builds the services under test with the race detector when
// the test itself runs with it.
const raceEnabled = true
