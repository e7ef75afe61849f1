package ui

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// Sounder plays the three sounds a scan can earn, each told apart by ear:
// Good (accepted), Bad (refused, or look at it) and Done (a piece of work
// finished).
type Sounder interface {
	Good()
	Bad()
	Done()
}

// silent plays nothing: tests, and stations without a speaker.
type silent struct{}

func (silent) Good() {}
func (silent) Bad()  {}
func (silent) Done() {}

// aplaySounder plays short tones through ALSA's aplay, when the station has
// it: a high beep for good, a low double buzz for bad, a rising chord for done. Fyne has no audio
// API, and a missing speaker must never slow a scan, so it plays in the
// background and gives up silently.
type aplaySounder struct {
	once      sync.Once
	player    string
	good, bad string
	done      string
}

// NewSystemSounder returns a Sounder using the system's audio player, or a
// silent one when there is none.
func NewSystemSounder() Sounder {
	player, err := exec.LookPath("aplay")
	if err != nil {
		return silent{}
	}
	return &aplaySounder{player: player}
}

func (s *aplaySounder) prepare() {
	dir, err := os.MkdirTemp("", "stationhand-sounds")
	if err != nil {
		return
	}
	s.good = filepath.Join(dir, "good.wav")
	s.bad = filepath.Join(dir, "bad.wav")
	os.WriteFile(s.good, tone([]float64{1760}, 0.09), 0o600)
	os.WriteFile(s.bad, tone([]float64{220, 0, 220}, 0.12), 0o600)
	s.done = filepath.Join(dir, "done.wav")
	os.WriteFile(s.done, tone([]float64{1047, 1319, 1568}, 0.08), 0o600) // a rising chord: finished
}

func (s *aplaySounder) Good() { s.play(func() string { return s.good }) }
func (s *aplaySounder) Bad()  { s.play(func() string { return s.bad }) }
func (s *aplaySounder) Done() { s.play(func() string { return s.done }) }

func (s *aplaySounder) play(file func() string) {
	go func() {
		s.once.Do(s.prepare)
		if f := file(); f != "" {
			exec.Command(s.player, "-q", f).Run()
		}
	}()
}

// tone makes a 16-bit mono WAV of consecutive notes (0 Hz is a pause).
func tone(freqs []float64, seconds float64) []byte {
	const rate = 22050
	n := int(seconds * rate)
	var pcm bytes.Buffer
	for _, f := range freqs {
		for i := range n {
			v := 0.0
			if f > 0 {
				v = 0.4 * math.Sin(2*math.Pi*f*float64(i)/rate)
			}
			binary.Write(&pcm, binary.LittleEndian, int16(v*math.MaxInt16))
		}
	}
	var out bytes.Buffer
	out.WriteString("RIFF")
	binary.Write(&out, binary.LittleEndian, uint32(36+pcm.Len()))
	out.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(rate), uint32(rate * 2), uint16(2), uint16(16)} {
		binary.Write(&out, binary.LittleEndian, v) // fmt chunk: PCM, mono, 16-bit
	}
	out.WriteString("data")
	binary.Write(&out, binary.LittleEndian, uint32(pcm.Len()))
	out.Write(pcm.Bytes())
	return out.Bytes()
}
