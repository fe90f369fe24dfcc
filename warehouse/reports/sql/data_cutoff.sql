-- The latest export date among files loaded (fully or partly): how current the data is.
select latest_export_date() as last_export
