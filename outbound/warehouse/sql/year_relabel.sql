-- Persons the export joined: every identifier of the persons merged away now belongs to the one
-- they joined (run only when the export joined persons already known this year).
UPDATE year_nodes SET root = t.new_root FROM touch t
WHERE year_nodes.processor = $processor AND year_nodes.year = $year AND year_nodes.root = t.old_root
  AND t.old_root <> t.new_root;
