-- Typed key-values on a model (issue 10): size in billions of parameters, LoRA rank, epochs,
-- checkpoint step, training data, ... A value is a number or a text, never both: numeric keys are
-- what the sweep view plots on its x axis, text keys are filters. One value per (model, key).
-- created_by_batch_id: the import that set it (NULL when its batch was removed and the model kept,
-- as for the model itself).
CREATE TABLE model_attribute (
  model_id integer NOT NULL REFERENCES model(id) ON UPDATE CASCADE ON DELETE CASCADE,
  key text NOT NULL,
  num_value double precision,
  text_value text,
  created_by_batch_id integer REFERENCES import_batch(id) ON UPDATE CASCADE ON DELETE SET NULL,
  PRIMARY KEY (model_id, key),
  CONSTRAINT model_attribute_one_value CHECK ((num_value IS NULL) <> (text_value IS NULL))
);

-- the sweep view and the attribute filters look models up by key (and numeric value)
CREATE INDEX model_attribute_key_num_value_idx ON model_attribute (key, num_value);
CREATE INDEX model_attribute_created_by_batch_id_idx ON model_attribute (created_by_batch_id);
