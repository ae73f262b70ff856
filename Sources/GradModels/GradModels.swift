// Language models of the lecture: data, models, training.
