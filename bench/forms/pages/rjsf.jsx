import { createRoot } from 'react-dom/client';
import Form from '@rjsf/core';
import validator from '@rjsf/validator-ajv8';
import translated from '../../.out/forms/rjsf.json';
import fixture from '../../.out/forms/fixture.json';
import { measure } from './harness.js';

const findField = (path) => document.getElementById(['root', ...path].join('_'));
const isInvalid = (el) => document.getElementById(`${el.id}__error`) !== null;

const tMount = performance.now();
createRoot(document.getElementById('app')).render(
	<Form
		schema={translated.schema}
		uiSchema={translated.uiSchema}
		formData={fixture.data}
		validator={validator}
		liveValidate="onChange"
		showErrorList={false}
		// Keep the answers as given: by default rjsf would preselect the first option of every oneOf.
		experimental_defaultFormStateBehavior={{ constAsDefaults: 'never' }}
	/>
);
measure({ findField, isInvalid, sentinel: fixture.sentinel.path, tMount });
