package retrievals

import "time"

// SetDataRetrievalPollInterval shortens the poll of vb365_data_retrieval's Create for tests;
// the returned function restores it.
func SetDataRetrievalPollInterval(d time.Duration) func() {
	old := dataRetrievalPollInterval
	dataRetrievalPollInterval = d
	return func() { dataRetrievalPollInterval = old }
}
