// Concourse's own reading of a pipeline file, for bench/hostile.js to compare against: fly and the ATC read
// pipelines with sigs.k8s.io/yaml over go-yaml v2, strictly (duplicate keys are errors; YAML -> a generic value -> JSON), then decode that JSON into
// their config types. This does the same steps with go-yaml v2 (Debian's golang-gopkg-yaml.v2-dev) and
// encoding/json, decoding into a generic value (Concourse's typed decode and its validation cost more, so the
// time printed is a lower bound of Concourse's). Prints "<ms> ok" or "<ms> error: <message>" per file.
//
// Build: GO111MODULE=off GOPATH=/usr/share/gocode go build -o <out> ./bench/go-yaml
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	yaml "gopkg.in/yaml.v2"
)

// toJSONable turns go-yaml's map[interface{}]interface{} into map[string]interface{}, as sigs.k8s.io/yaml does.
func toJSONable(v interface{}) (interface{}, error) {
	switch t := v.(type) {
	case map[interface{}]interface{}:
		out := make(map[string]interface{}, len(t))
		for k, val := range t {
			c, err := toJSONable(val)
			if err != nil {
				return nil, err
			}
			out[fmt.Sprint(k)] = c
		}
		return out, nil
	case []interface{}:
		out := make([]interface{}, len(t))
		for i, val := range t {
			c, err := toJSONable(val)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	default:
		return v, nil
	}
}

func read(data []byte) error {
	var v interface{}
	if err := yaml.UnmarshalStrict(data, &v); err != nil {
		return err
	}
	j, err := toJSONable(v)
	if err != nil {
		return err
	}
	b, err := json.Marshal(j)
	if err != nil {
		return err
	}
	var out map[string]interface{}
	return json.Unmarshal(b, &out)
}

func main() {
	for _, file := range os.Args[1:] {
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Printf("0 error: %v\n", err)
			continue
		}
		start := time.Now()
		err = read(data)
		ms := float64(time.Since(start).Microseconds()) / 1000
		if err != nil {
			// (go-yaml lists every duplicate key on a line of its own: the first line says what it is)
			fmt.Printf("%.1f error: %s\n", ms, strings.SplitN(err.Error(), "\n", 2)[0])
		} else {
			fmt.Printf("%.1f ok\n", ms)
		}
	}
}
