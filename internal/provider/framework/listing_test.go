package framework

import (
	"errors"
	"iter"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func seqOf(values ...int) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for _, v := range values {
			if !yield(v, nil) {
				return
			}
		}
	}
}

func TestCollectBounded(t *testing.T) {
	even := func(v int) bool { return v%2 == 0 }
	tests := []struct {
		name      string
		values    []int
		keep      func(int) bool
		max       int
		want      []int
		truncated bool
	}{
		{"no bound", []int{1, 2, 3}, nil, 0, []int{1, 2, 3}, false},
		{"bound equals the count", []int{1, 2, 3}, nil, 3, []int{1, 2, 3}, false},
		{"bound cuts", []int{1, 2, 3, 4}, nil, 3, []int{1, 2, 3}, true},
		{"filter, no further match", []int{2, 4, 5, 7}, even, 2, []int{2, 4}, false},
		{"filter, a further match", []int{2, 4, 5, 6}, even, 2, []int{2, 4}, true},
	}
	for _, tt := range tests {
		var got []int
		truncated, err := CollectBounded(seqOf(tt.values...), tt.keep, tt.max, func(v int) { got = append(got, v) })
		if err != nil || truncated != tt.truncated || !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v truncated=%v err=%v, want %v truncated=%v", tt.name, got, truncated, err, tt.want, tt.truncated)
		}
	}
	boom := errors.New("boom")
	failing := func(yield func(int, error) bool) { _ = yield(1, nil) && yield(0, boom) }
	if _, err := CollectBounded(failing, nil, 0, func(int) {}); !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
}

func TestBoundedListOptions(t *testing.T) {
	opts, limit := BoundedListOptions(types.Int64Value(5), types.Int64Value(100), false)
	if opts.MaxItems != 6 || opts.PageSize != 100 || limit != 5 {
		t.Errorf("server-side only: %+v %d; want one item more than max_items", opts, limit)
	}
	opts, limit = BoundedListOptions(types.Int64Value(5), types.Int64Null(), true)
	if opts.MaxItems != 0 || limit != 5 {
		t.Errorf("client-side filter: %+v %d; want no client bound", opts, limit)
	}
	if opts, limit = BoundedListOptions(types.Int64Null(), types.Int64Null(), false); opts.MaxItems != 0 || limit != 0 {
		t.Errorf("unbounded: %+v %d", opts, limit)
	}
}
