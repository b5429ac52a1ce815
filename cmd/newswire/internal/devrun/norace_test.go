//go:build !race

package devrun

const raceEnabled = false
